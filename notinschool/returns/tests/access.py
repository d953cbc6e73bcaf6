"""Who may open each returns URL (read by tests/test_url_access.py).

The walk prepares Kent's autumn 2025 return with one version and one contact, opened in the
South East network, then requests each URL as each persona.
"""

from tests.access_cases import NOT_ALLOWED, OK, UNAUTHORISED, everyone, only, signed_in_only

PERIOD = "2025-26-autumn"
KENT = {"la": "886", "period": PERIOD}
KENT_USERS = {"contributor@kent.example", "approver@kent.example", "officer@kent.example"}
VIEWERS = KENT_USERS | {"coordinator@south-east.example", "admin@notinschool.example"}
CONTRIBUTOR = {"contributor@kent.example"}
APPROVER = {"approver@kent.example"}
SE_COORDINATOR = {"coordinator@south-east.example"}
SE_MEMBERS = {
    "admin@notinschool.example",
    "coordinator@south-east.example",
    "contributor@kent.example",
    "approver@kent.example",
    "officer@kent.example",
    "contributor@surrey.example",
    "approver@surrey.example",
    "officer@surrey.example",
    "viewer@surrey.example",
}


def allowed(people: set[str], *, outcome: str = OK) -> dict[str, str]:
    """`outcome` for the named people, 403 for everyone else signed in, sign-in for the rest."""
    return only(people, allowed_outcome=outcome)


def post_only(people: set[str]) -> dict[str, str]:
    """A POST-only URL: those allowed get 405 for a GET, others 403."""
    return allowed(people, outcome=NOT_ALLOWED)


def prepare() -> None:
    """Open the South East collection and store one version of Kent's return, and a contact."""
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services
    from notinschool.returns.models import ReturnContact
    from notinschool.returns.tests.factories import filled_xlsx, open_collection

    open_collection()
    kent = la_by_code("886")
    services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(), filename="kent.xlsx")
    services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(seed=2), filename="kent2.xlsx")
    ReturnContact.objects.create(local_authority=kent, name="Pat Contact", email="pat@kent.example", topics=["ehe"])


def _contact_id() -> int:
    from notinschool.returns.models import ReturnContact

    return ReturnContact.objects.order_by("id").values_list("id", flat=True).first() or 1


class _LazyContact(dict):
    """kwargs whose contact id is read after prepare() has run."""

    def __getitem__(self, key):
        return _contact_id() if key == "contact_id" else super().__getitem__(key)

    def items(self):
        return [("la", "886"), ("contact_id", _contact_id())]


EXPECTED = {
    "returns:home": ({}, signed_in_only()),
    "returns:definitions": ({}, signed_in_only()),
    "returns:rules-csv": ({"period": PERIOD}, signed_in_only()),
    "returns:contacts": ({"la": "886"}, allowed(VIEWERS)),
    "returns:contact-delete": (_LazyContact(la="886", contact_id=0), post_only(VIEWERS)),
    "returns:return": (KENT, allowed(VIEWERS)),
    "returns:upload": (KENT, allowed(CONTRIBUTOR)),
    "returns:form": (KENT, allowed(CONTRIBUTOR)),
    "returns:form-part": ({**KENT, "part": "cme"}, allowed(CONTRIBUTOR)),
    "returns:template-xlsx": (KENT, allowed(VIEWERS)),
    "returns:template-csv": (KENT, allowed(VIEWERS)),
    "returns:submit": (KENT, post_only(CONTRIBUTOR)),
    "returns:explain": (KENT, post_only(CONTRIBUTOR)),
    "returns:explanation-review": ({**KENT, "explanation_id": 1}, post_only(SE_COORDINATOR)),
    "returns:approve": (KENT, post_only(APPROVER)),
    "returns:send-back": (KENT, post_only(APPROVER)),
    "returns:reopen": (KENT, post_only(SE_COORDINATOR)),
    "returns:version": ({**KENT, "number": 1}, allowed(VIEWERS)),
    "returns:version-report-csv": ({**KENT, "number": 1}, allowed(VIEWERS)),
    "returns:version-file": ({**KENT, "number": 1}, allowed(VIEWERS)),
    "returns:version-diff": ({**KENT, "number": 1, "other": 2}, allowed(VIEWERS)),
    "returns:collections": ({"network": "south-east"}, allowed(SE_COORDINATOR)),
    "returns:tracking": ({"network": "south-east", "period": PERIOD}, allowed(SE_COORDINATOR)),
    "returns:tracking-csv": ({"network": "south-east", "period": PERIOD}, allowed(SE_COORDINATOR)),
    "returns:reminders": ({"network": "south-east", "period": PERIOD}, post_only(SE_COORDINATOR)),
    "returns:due-date": ({"network": "south-east", "period": PERIOD}, allowed(SE_COORDINATOR)),
    "returns:collection-change": ({"network": "south-east", "period": PERIOD}, post_only(SE_COORDINATOR)),
    "networks:home": ({"slug": "south-east"}, allowed(SE_MEMBERS)),
    # The API answers to LA tokens only: a signed-in browser session is not enough.
    "api:returns-submit": ({}, everyone(NOT_ALLOWED)),
    "api:returns-detail": ({"period": PERIOD}, everyone(UNAUTHORISED)),
    "api:returns-version-report": ({"period": PERIOD, "number": 1}, everyone(UNAUTHORISED)),
}
