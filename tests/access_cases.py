"""Who the URL walk signs in as, and the outcomes it expects. Apps list their URLs in
`notinschool/<app>/tests/access.py` as EXPECTED = {url name: (kwargs, {persona: outcome})},
with an optional `prepare()` that creates the objects their URLs need after the demo loads.
`kwargs` may be a function returning the kwargs, for URLs that need ids made by `prepare()`.

Personas whose roles need two-factor sign-in are signed in *with* the second factor verified
(`sign_in`); tests/test_url_access.py also checks they are sent to two-factor without it.
"""

PERSONAS = [
    "anonymous",
    "admin@notinschool.example",
    "coordinator@south-east.example",
    "coordinator@south-west.example",
    "contributor@kent.example",
    "approver@kent.example",
    "officer@kent.example",
    "contributor@surrey.example",
    "approver@surrey.example",
    "officer@surrey.example",
    "viewer@surrey.example",
]
SIGNED_IN = PERSONAS[1:]
# Their roles need two-factor sign-in (coordinators, administrators, register officers).
TWO_FACTOR_PERSONAS = {
    "admin@notinschool.example",
    "coordinator@south-east.example",
    "coordinator@south-west.example",
    "officer@kent.example",
    "officer@surrey.example",
}

OK, SIGN_IN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "ok", "sign-in", "forbidden", "not-found", "method-not-allowed"
TWO_FACTOR, REDIRECT, BAD_REQUEST, UNAUTHORISED, GONE = "two-factor", "redirect", "bad-request", "unauthorised", "gone"


def everyone(outcome: str) -> dict[str, str]:
    """The same outcome for every persona."""
    return dict.fromkeys(PERSONAS, outcome)


def signed_in_only() -> dict[str, str]:
    """Signed-out people are sent to sign in; everyone signed in may open it."""
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, OK)}


def post_only_signed_in() -> dict[str, str]:
    """A POST-only URL behind sign-in: GET is refused as a method once signed in."""
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, NOT_ALLOWED)}


def only(allowed: set[str], *, otherwise: str = FORBIDDEN, allowed_outcome: str = OK) -> dict[str, str]:
    """Only the named personas may open it; signed-out people are sent to sign in.

    For a POST-only URL pass `allowed_outcome=NOT_ALLOWED`: the permission is checked first.
    """
    unknown = set(allowed) - set(SIGNED_IN)
    assert not unknown, f"no such personas: {unknown}"
    return {
        "anonymous": SIGN_IN,
        **{persona: (allowed_outcome if persona in allowed else otherwise) for persona in SIGNED_IN},
    }


def sign_in(client, email: str, *, two_factor: bool = True):
    """Sign `email` in on a Django test client, with the second factor verified when they have one.

    Uses force_login: django-axes (rightly) refuses password checks that come without a request.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notinschool.accounts.backends import SIGN_IN_BACKEND
    from notinschool.accounts.models import User

    user = User.objects.get(email=email)
    client.force_login(user, backend=SIGN_IN_BACKEND)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if two_factor and device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return user
