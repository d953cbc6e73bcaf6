"""Writes for keeping the register current: the fact history, and notifications from parents
(s436D) and education providers (s436E)."""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.core.text import hours, number_as_written
from notinschool.places.models import LocalAuthority
from notinschool.register import checks, factset
from notinschool.register.audit import audit_change
from notinschool.register.models import Child, FactChange, Notification


class InvalidNotification(ServiceError):
    """A notification the register refuses (a date in the future, a fact it does not know)."""


def as_text(value) -> str:
    """A fact's value as the history shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number_as_written(value)
    return str(value)


def hours_a_week(value: Decimal | float | None) -> str:
    """Time spent educating a child as the history shows it: '1 hour a week', '6.5 hours a week',
    '12 hours a week', 'hours a week not known'."""
    written = hours(value)
    return f"{written} a week" if written else "hours a week not known"


# Wordings the history held before 2026-12-05 (ADR 0509), and today's: a value recorded in
# an earlier wording is the same value, so reading it in today's words is no change to record.
_EARLIER_WORDINGS = (
    (re.compile(r"(?<![\d.])(\d+)\.0 hours a week"), r"\1 hours a week"),  # a parent's "12.0 hours a week"
    (re.compile(r"(?<![\d.])1 hours a week"), "1 hour a week"),
    (re.compile(r"not known hours a week"), "hours a week not known"),
)


# Only these facts were written in the earlier wordings: other facts are free text, whose words
# are the value.
_REWORDED_FACTS = {"time_by_others", "time_by_parents"}


def _in_todays_words(code: str, text: str | None) -> str | None:
    if text is None or code not in _REWORDED_FACTS:
        return text
    for earlier, today in _EARLIER_WORDINGS:
        text = earlier.sub(today, text)
    return text


def facts_record(
    *, child: Child, facts: Mapping[str, object], changed_on: datetime.date, actor: Actor, source: str = ""
) -> list[FactChange]:
    """Add one history row per fact whose value differs from the last one recorded. Facts not
    in the field set in force are refused: a new fact needs a new field set first."""
    if not facts:
        return []
    field_set = factset.in_force(changed_on)
    unknown = sorted(set(facts) - field_set.codes)
    if unknown:
        raise ValueError(f"Not facts of field set {field_set.version}: {', '.join(unknown)}")
    latest: dict[str, str] = {}
    for change in child.fact_changes.filter(fact__in=list(facts)).order_by("changed_on", "id"):
        latest[change.fact] = change.value
    rows = [
        FactChange(
            child=child,
            fact=code,
            value=as_text(value),
            changed_on=changed_on,
            source=source,
            field_set=field_set.version,
            recorded_by=actor.user,
        )
        for code, value in facts.items()
        if _in_todays_words(code, latest.get(code)) != as_text(value)
    ]
    return FactChange.objects.bulk_create(rows)


@transaction.atomic
def notification_record(
    *, la: LocalAuthority, child: Child, actor: Actor, sent_by: str, sender_name: str,
    received_on: datetime.date, facts: list[str], what_changed: str = "", awaiting: str = ""
) -> Notification:  # fmt: skip
    """Log what a parent or provider told the LA (and what is still awaited from them)."""
    problem = checks.not_in_future(received_on, today=datetime.date.today(), what="date it was received")
    if problem:
        raise InvalidNotification(problem)
    unknown = sorted(set(facts) - factset.in_force(received_on).codes)
    if unknown:
        raise InvalidNotification(f"These are not facts the register holds: {', '.join(unknown)}")
    notification = Notification.objects.create(
        child=child, sent_by=sent_by, sender_name=sender_name, received_on=received_on, facts=sorted(facts),
        what_changed=what_changed, awaiting=awaiting.strip(), recorded_by=actor.user,
    )  # fmt: skip
    audit_change(
        actor=actor, la=la, child_id=child.pk, what="notification.recorded",
        details={"notification": notification.pk, "facts": sorted(facts)},
    )  # fmt: skip
    return notification


@transaction.atomic
def notification_settle(
    *, la: LocalAuthority, child: Child, notification: Notification, settled_on: datetime.date, actor: Actor
) -> Notification:
    """Record that what was awaited has arrived (or is no longer needed)."""
    if notification.settled_on is not None:
        raise InvalidNotification("This notification is already settled.")
    problem = checks.not_in_future(settled_on, today=datetime.date.today(), what="date it was settled")
    if problem or settled_on < notification.received_on:
        raise InvalidNotification(problem or "It cannot be settled before it was received.")
    notification.settled_on = settled_on
    notification.save(update_fields=["settled_on"])
    audit_change(
        actor=actor, la=la, child_id=child.pk, what="notification.settled", details={"notification": notification.pk}
    )
    return notification
