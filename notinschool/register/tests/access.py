"""Who may open the register's pages (read by tests/test_url_access.py).

Only register officers, with two-factor sign-in, and only their own LA's register: a Surrey
officer asking for a Kent child's id gets 404, exactly as for an id that does not exist.
"""

import datetime

from tests.access_cases import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, PERSONAS, REDIRECT, SIGN_IN

KENT_CHILD = "walkKentChild000000000"
WALK_PERIOD = "2026-27-summer"  # a period no demo collection opens, so its dates are unknown
_made: dict[str, int] = {}


def prepare() -> None:
    """A Kent child with an episode, a contact, a notification awaiting something and a move
    to Surrey, for the URLs that need them (made inside Kent's row-level scope)."""
    from notinschool.places.selectors import la_by_code
    from notinschool.register.models import Child, Contact, Episode, Notification, Transfer
    from notinschool.register.tenancy import scoped

    kent = la_by_code("886")
    with scoped(kent):
        child, _ = Child.objects.get_or_create(
            pk=KENT_CHILD, defaults={"local_authority": kent, "given_name": "Walk", "family_name": "Test"}
        )
        episode = child.episodes.first() or Episode.objects.create(
            child=child, kind="ehe", start_date=datetime.date(2025, 9, 1)
        )
        contact = child.contacts.first() or Contact.objects.create(
            child=child, kind="home_visit", scheduled_for=datetime.date(2025, 10, 1)
        )
        notification = child.notifications.first() or Notification.objects.create(
            child=child, sent_by="parent", sender_name="A parent", received_on=datetime.date(2025, 10, 2),
            awaiting="The tutor's address",
        )  # fmt: skip
        transfer = child.transfers.first() or Transfer.objects.create(
            local_authority=kent, direction="out", other_la=la_by_code("936"), child=child,
            moved_on=datetime.date(2025, 11, 1),
        )  # fmt: skip
    _made.update(episode=episode.pk, contact=contact.pk, notification=notification.pk, transfer=transfer.pk)


def register_outcomes(kent: str, surrey: str) -> dict[str, str]:
    """Signed out: sign in. Kent's officer gets `kent`, Surrey's `surrey`; everyone else 403."""
    outcomes = dict.fromkeys(PERSONAS, FORBIDDEN)
    outcomes.update({"anonymous": SIGN_IN, "officer@kent.example": kent, "officer@surrey.example": surrey})
    return outcomes


def own_la(outcome: str = OK) -> dict[str, str]:
    return register_outcomes(outcome, outcome)


def kent_child(outcome: str = OK) -> dict[str, str]:
    """A page about Kent's child: Surrey's officer is told it does not exist."""
    return register_outcomes(outcome, NOT_FOUND)


def child_kwargs() -> dict:
    return {"child_id": KENT_CHILD}


def episode_kwargs() -> dict:
    return {"child_id": KENT_CHILD, "episode_id": _made["episode"]}


def contact_kwargs() -> dict:
    return {"child_id": KENT_CHILD, "contact_id": _made["contact"]}


def notification_kwargs() -> dict:
    return {"child_id": KENT_CHILD, "notification_id": _made["notification"]}


def transfer_kwargs() -> dict:
    return {"child_id": KENT_CHILD, "transfer_id": _made["transfer"]}


EXPECTED = {
    "register:home": ({}, own_la()),
    "register:search-results": ({}, own_la(REDIRECT)),  # no search in the session: back home
    "register:child-add": ({}, own_la()),
    "register:child": (child_kwargs, kent_child()),
    "register:child-edit": (child_kwargs, kent_child()),
    "register:address-add": (child_kwargs, kent_child()),
    "register:parent-add": (child_kwargs, kent_child()),
    "register:notification": (child_kwargs, kent_child()),
    "register:episode-add": (lambda: {"child_id": KENT_CHILD, "kind": "cme"}, kent_child()),
    "register:episode-edit": (episode_kwargs, kent_child()),
    "register:episode-close": (episode_kwargs, kent_child()),
    "register:consent": (episode_kwargs, kent_child()),
    "register:reclassify": (episode_kwargs, kent_child()),
    "register:provider-add": (episode_kwargs, kent_child()),
    "register:sao-add": (child_kwargs, kent_child()),
    "register:contact-add": (child_kwargs, kent_child()),
    "register:contact-record": (contact_kwargs, kent_child()),
    "register:notification-add": (child_kwargs, kent_child()),
    "register:notification-settle": (notification_kwargs, kent_child()),
    "register:transfer-out": (child_kwargs, kent_child()),
    "register:transfer-download": (transfer_kwargs, kent_child()),
    "register:transfer-import": ({}, own_la()),
    "register:export-json": (child_kwargs, kent_child()),
    "register:export": (child_kwargs, kent_child()),
    "register:erase": (child_kwargs, kent_child()),
    "register:list": ({"list_name": "overdue"}, own_la()),
    "register:retention": ({}, own_la()),
    "register:settings": ({}, own_la()),
    "register:import": ({}, own_la()),
    "register:return": ({"period": WALK_PERIOD}, own_la()),
    "register:return-send": ({"period": WALK_PERIOD}, own_la(NOT_ALLOWED)),
    "register:return-xlsx": ({"period": WALK_PERIOD}, own_la(REDIRECT)),
    "register:return-figure": (
        {"period": WALK_PERIOD, "measure": "ehe_total", "category": "total"},
        own_la(REDIRECT),
    ),
}
