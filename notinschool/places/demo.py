"""The demo's places: reference data and two networks."""

from notinschool.places.services import load_reference_data, network_create

SOUTH_EAST = [
    "825", "826", "845", "846", "850", "851", "852", "867", "868", "869",
    "870", "871", "872", "886", "887", "921", "931", "936", "938",
]  # fmt: skip
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


def load() -> list[str]:
    """Load reference data and the demo networks; return lines for the console."""
    load_reference_data()
    for network in NETWORKS:
        network_create(
            slug=network["slug"], name=network["name"], la_codes=network["las"], description=network["description"]
        )
    return [f"Networks: {', '.join(n['name'] for n in NETWORKS)}"]
