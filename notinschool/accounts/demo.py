"""The demo's users: one of each role, in two LAs and two networks.

Users whose role needs two-factor sign-in get an authenticator with a fixed, published secret,
so a person can add it to an authenticator app (or run `notinschool demo_totp EMAIL`). Like the
password, it is only for demos: the demo is refused in production.
"""

import base64

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.models import Role, RoleAssignment, User
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code

DEMO_PASSWORD = "demo-not-in-school-2026"  # noqa: S105 - printed for local demos; the demo is refused in production
# 20 bytes, the same for every demo user who needs two-factor; base32 JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP.
DEMO_TOTP_KEY = "48656c6c6f21deadbeef48656c6c6f21deadbeef"

# (email, full name, LA code or None, network slug or None, roles)
USERS = [
    ("admin@notinschool.example", "Sam Administrator", None, None, [Role.SYSTEM_ADMINISTRATOR]),
    ("coordinator@south-east.example", "Chris Coordinator", None, "south-east", [Role.NETWORK_COORDINATOR]),
    ("coordinator@south-west.example", "Wendy West", None, "south-west", [Role.NETWORK_COORDINATOR]),
    ("contributor@kent.example", "Kim Contributor", "886", None, [Role.LA_CONTRIBUTOR]),
    ("approver@kent.example", "Alex Approver", "886", None, [Role.LA_APPROVER]),
    ("officer@kent.example", "Olu Officer", "886", None, [Role.REGISTER_OFFICER]),
    ("contributor@surrey.example", "Sasha Contributor", "936", None, [Role.LA_CONTRIBUTOR]),
    ("approver@surrey.example", "Ash Approver", "936", None, [Role.LA_APPROVER]),
    ("officer@surrey.example", "Sol Officer", "936", None, [Role.REGISTER_OFFICER]),
    ("viewer@surrey.example", "Vic Viewer", "936", None, [Role.NETWORK_VIEWER]),
]


def demo_secret_base32() -> str:
    """The demo authenticator secret as people type it into an app."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_authenticator(user: User) -> TOTPDevice:
    """Give a demo user the demo authenticator (and only that one)."""
    TOTPDevice.objects.filter(user=user).exclude(key=DEMO_TOTP_KEY).delete()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, key=DEMO_TOTP_KEY, defaults={"name": "Demo authenticator", "confirmed": True}
    )
    return device


def load() -> list[str]:
    """Create or refresh the demo users; return the sign-in lines for the console."""
    lines = []
    width = max(len(email) for email, *_ in USERS)
    # Every demo user has the same password: hashed once (Argon2 is slow on purpose), each user
    # still has a real, checkable hash.
    password = make_password(DEMO_PASSWORD)
    for email, full_name, la_code, network_slug, roles in USERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
        user.full_name = full_name
        user.local_authority = la_by_code(la_code) if la_code else None
        user.network = Network.objects.get(slug=network_slug) if network_slug else None
        user.is_active = True
        user.password = password
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        user = User.objects.get(pk=user.pk)
        second = ""
        if user.two_factor_required:
            demo_authenticator(user)
            second = " (two-factor)"
        organisation = user.organisation_name or "the whole service"
        lines.append(f"  {email.ljust(width)}  {', '.join(r.label for r in roles)} – {organisation}{second}")
    secret = demo_secret_base32()
    issuer = getattr(settings, "OTP_TOTP_ISSUER", "Not in School").replace(" ", "%20")
    lines += [
        f"Every demo account's password is: {DEMO_PASSWORD}",
        "Accounts marked (two-factor) also need a code from an authenticator app. Add this demo key to one:",
        f"  key {secret}  (or otpauth://totp/{issuer}:demo?secret={secret}&issuer={issuer})",
        "  or print the current code with: notinschool demo_totp EMAIL",
    ]
    return ["Demo sign-ins:", *lines]
