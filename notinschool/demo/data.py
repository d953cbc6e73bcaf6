"""What the demo contains. Plain data, so the README and tests can read the same list."""

from notinschool.accounts.models import Role

DEMO_PASSWORD = "demo-not-in-school-2026"  # noqa: S105 - printed for local demos; refused in production

SOUTH_EAST = [
    "825",
    "826",
    "845",
    "846",
    "850",
    "851",
    "852",
    "867",
    "868",
    "869",
    "870",
    "871",
    "872",
    "886",
    "887",
    "921",
    "931",
    "936",
    "938",
]
SOUTH_WEST = ["800", "801", "802", "803", "838", "839", "866", "878", "879", "880", "908", "916", "933", "865", "420"]

NETWORKS = [
    {
        "slug": "south-east",
        "name": "South East Access to Education group",
        "description": "The 19 local authorities of the South East, comparing children missing education, "
        "elective home education and health needs each term.",
        "las": SOUTH_EAST,
    },
    {
        "slug": "south-west",
        "name": "South West CME and EHE network",
        "description": "Local authorities of the South West.",
        "las": SOUTH_WEST,
    },
]

# (email, full name, LA code or None, network slug or None, roles)
USERS = [
    ("admin@notinschool.example", "Sam Administrator", None, None, [Role.SYSTEM_ADMINISTRATOR]),
    ("coordinator@south-east.example", "Chris Coordinator", None, "south-east", [Role.NETWORK_COORDINATOR]),
    ("coordinator@south-west.example", "Wendy West", None, "south-west", [Role.NETWORK_COORDINATOR]),
    ("contributor@kent.example", "Kim Contributor", "886", None, [Role.LA_CONTRIBUTOR]),
    ("approver@kent.example", "Alex Approver", "886", None, [Role.LA_APPROVER]),
    ("officer@kent.example", "Olu Officer", "886", None, [Role.REGISTER_OFFICER]),
    ("contributor@surrey.example", "Sasha Contributor", "936", None, [Role.LA_CONTRIBUTOR]),
    ("viewer@surrey.example", "Vic Viewer", "936", None, [Role.NETWORK_VIEWER]),
]
