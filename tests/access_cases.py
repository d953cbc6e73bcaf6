"""Who the URL walk signs in as, and the outcomes it expects. Apps list their URLs in
`notinschool/<app>/tests/access.py` as EXPECTED = {url name: (kwargs, {persona: outcome})},
with an optional `prepare()` that creates the objects their URLs need after the demo loads.
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
    "viewer@surrey.example",
]
SIGNED_IN = PERSONAS[1:]

OK, SIGN_IN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "ok", "sign-in", "forbidden", "not-found", "method-not-allowed"


def everyone(outcome: str) -> dict[str, str]:
    """The same outcome for every persona."""
    return dict.fromkeys(PERSONAS, outcome)


def signed_in_only() -> dict[str, str]:
    """Signed-out people are sent to sign in; everyone signed in may open it."""
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, OK)}


def post_only_signed_in() -> dict[str, str]:
    """A POST-only URL behind sign-in: GET is refused as a method once signed in."""
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, NOT_ALLOWED)}


def only(allowed: set[str], *, otherwise: str = FORBIDDEN) -> dict[str, str]:
    """Only the named personas may open it; signed-out people are sent to sign in."""
    return {
        "anonymous": SIGN_IN,
        **{persona: (OK if persona in allowed else otherwise) for persona in SIGNED_IN},
    }
