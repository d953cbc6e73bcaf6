"""Who may open the accounts pages and the accounts API (read by tests/test_url_access.py)."""

from tests.access_cases import (
    BAD_REQUEST,
    GONE,
    NOT_ALLOWED,
    OK,
    PERSONAS,
    REDIRECT,
    SIGN_IN,
    SIGNED_IN,
    TWO_FACTOR,
    TWO_FACTOR_PERSONAS,
    UNAUTHORISED,
    everyone,
    only,
    signed_in_only,
)

ADMIN = "admin@notinschool.example"
MANAGERS = {ADMIN, "coordinator@south-east.example", "coordinator@south-west.example"}


def _kent_contributor():
    from notinschool.accounts.models import User

    return {"user_id": User.objects.get(email="contributor@kent.example").pk}


def _kent_token():
    from notinschool.accounts.models import APIToken

    return {"la": "886", "token_id": APIToken.objects.get(name="Walk token").pk}


def prepare() -> None:
    """A Kent API token for the revoke URL."""
    from notinschool.accounts.models import APIToken, hash_secret
    from notinschool.places.selectors import la_by_code

    APIToken.objects.get_or_create(
        name="Walk token",
        defaults={"local_authority": la_by_code("886"), "prefix": "nis_walk", "secret_hash": hash_secret("walk")},
    )


def _second_factor_page() -> dict[str, str]:
    """Verified people are sent on; people without an authenticator are sent to set one up."""
    return {
        "anonymous": SIGN_IN,
        **{persona: (REDIRECT if persona in TWO_FACTOR_PERSONAS else TWO_FACTOR) for persona in SIGNED_IN},
    }


EXPECTED = {
    "accounts:account": ({}, signed_in_only()),
    "accounts:sign-in": ({}, everyone(OK)),
    "accounts:sign-out": ({}, everyone(NOT_ALLOWED)),
    "accounts:signed-out": ({}, everyone(OK)),
    "accounts:two-factor": ({}, _second_factor_page()),
    "accounts:two-factor-set-up": ({}, signed_in_only()),
    "accounts:backup-codes": ({}, {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, REDIRECT)}),
    "accounts:council-sign-in": ({}, everyone(OK)),
    "accounts:council-callback": ({}, everyone(BAD_REQUEST)),
    "accounts:council-sign-in-settings": ({}, only({ADMIN})),
    "accounts:council-sign-in-edit": ({"la": "886"}, only({ADMIN})),
    "accounts:password-change": ({}, signed_in_only()),
    "accounts:password-reset": ({}, everyone(OK)),
    "accounts:password-reset-confirm": ({"uidb64": "MQ", "token": "not-a-token"}, everyone(BAD_REQUEST)),
    "accounts:users": ({}, only(MANAGERS)),
    "accounts:invite": ({}, only(MANAGERS)),
    "accounts:person": (_kent_contributor, only({ADMIN, "coordinator@south-east.example"})),
    "accounts:person-active": (
        _kent_contributor,
        only({ADMIN, "coordinator@south-east.example"}, allowed_outcome=NOT_ALLOWED),
    ),
    "accounts:person-two-factor-reset": (
        _kent_contributor,
        only({ADMIN, "coordinator@south-east.example"}, allowed_outcome=NOT_ALLOWED),
    ),
    "accounts:invitation-unusable": ({}, everyone(GONE)),
    "accounts:invitation": ({"secret": "no-such-invitation"}, everyone(GONE)),
    "accounts:api-tokens": ({"la": "886"}, only({"approver@kent.example"})),
    "accounts:api-token-revoke": (_kent_token, only({"approver@kent.example"}, allowed_outcome=NOT_ALLOWED)),
    "api:tokens-me": ({}, everyone(UNAUTHORISED)),
}

assert all(set(outcomes) == set(PERSONAS) for _, outcomes in EXPECTED.values())
