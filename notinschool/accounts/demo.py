"""The demo's users: one of each role, in two LAs and two networks."""

from notinschool.accounts.models import Role, RoleAssignment, User
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code

DEMO_PASSWORD = "demo-not-in-school-2026"  # noqa: S105 - printed for local demos; the demo is refused in production

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


def load() -> list[str]:
    """Create or refresh the demo users; return the sign-in lines for the console."""
    lines = []
    width = max(len(email) for email, *_ in USERS)
    for email, full_name, la_code, network_slug, roles in USERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
        user.full_name = full_name
        user.local_authority = la_by_code(la_code) if la_code else None
        user.network = Network.objects.get(slug=network_slug) if network_slug else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        organisation = user.organisation_name or "the whole service"
        lines.append(f"  {email.ljust(width)}  {', '.join(r.label for r in roles)} – {organisation}")
    lines.append(f"Every demo account's password is: {DEMO_PASSWORD}")
    return ["Demo sign-ins (http://127.0.0.1:8000/accounts/sign-in/):", *lines]
