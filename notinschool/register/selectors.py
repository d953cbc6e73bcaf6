"""Reads for the register. Every selector takes the LA first and starts from `la.children`."""

import datetime
import itertools

from django.db import connection
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from notinschool.periods import parse_period, previous_period
from notinschool.places.models import LocalAuthority
from notinschool.register import tenancy
from notinschool.register.generation import ChildFacts, EpisodeFacts, SAOFacts
from notinschool.register.models import (
    Child,
    Contact,
    Episode,
    FactChange,
    RegisterSettings,
    SAOEvent,
    Transfer,
    normalise_name,
)
from notinschool.returns.selectors import census_date_for

SEARCH_LIMIT = 50
EPISODE_FACT_FIELDS = list(EpisodeFacts.__dataclass_fields__)  # in the dataclass's order


def settings_for(la: LocalAuthority) -> RegisterSettings:
    """The LA's register settings (defaults when it has never changed them)."""
    return RegisterSettings.objects.filter(local_authority=la).first() or RegisterSettings(local_authority=la)


def child_for(la: LocalAuthority, child_id: str) -> Child | None:
    """The LA's child with this id, or None: another LA's child is never found."""
    return la.children.filter(pk=child_id).first()


def child_owner(child_id: str) -> LocalAuthority | None:
    """The LA that holds this child id, whichever it is: for auditing a refused attempt only
    (the caller learns nothing about the child)."""
    la_id = tenancy.child_owner_id(child_id)
    return LocalAuthority.objects.filter(pk=la_id).first() if la_id is not None else None


def child_record(la: LocalAuthority, child_id: str, *, for_export: bool = False) -> Child | None:
    """A child with everything the record page shows, in a handful of queries; ``for_export``
    adds the fact history, notifications and moves (a subject access request's whole record)."""
    related: list = [
        "addresses",
        "parents",
        Prefetch("episodes", queryset=Episode.objects.prefetch_related("providers")),
        "sao_events",
        "contacts",
    ]
    if for_export:
        related += [
            Prefetch("fact_changes", queryset=FactChange.objects.order_by("changed_on", "id")),
            "notifications",
            Prefetch("transfers", queryset=Transfer.objects.select_related("other_la")),
        ]
    return la.children.filter(pk=child_id).prefetch_related(*related).first()


def search_children(la: LocalAuthority, *, name: str = "", date_of_birth: datetime.date | None = None) -> list[Child]:
    """Children whose family or given name starts with any word of `name`, or (also) whose
    date of birth matches; a word that looks like a UPN or reference matches those exactly."""
    query = la.children.all()
    words = [w for w in name.split() if w]
    if words:
        condition = Q()
        for word in words:
            folded = normalise_name(word)
            word_match = Q(upn=word.upper()) | Q(local_reference=word)
            if folded:
                # A range, not LIKE, so the (LA, name) indexes serve it on SQLite and PostgreSQL.
                word_match |= Q(family_name_normalised__gte=folded, family_name_normalised__lt=folded + "{")
                word_match |= Q(given_name_normalised__gte=folded, given_name_normalised__lt=folded + "{")
            condition &= word_match
        query = query.filter(condition)
    if date_of_birth is not None:
        query = query.filter(date_of_birth=date_of_birth)
    if not words and date_of_birth is None:
        return []
    return list(query.order_by("family_name_normalised", "given_name_normalised")[:SEARCH_LIMIT])


def open_cases(la: LocalAuthority, kind: str) -> QuerySet[Episode]:
    """Open episodes of one kind, oldest first, with their children."""
    return (
        Episode.objects.filter(child__in=la.children.all(), kind=kind, end_date__isnull=True)
        .select_related("child")
        .order_by("start_date", "id")
    )


def overdue_actions(la: LocalAuthority, *, today: datetime.date) -> dict[str, list]:
    """Things past their date: notices whose deadline passed with no later step, visits
    scheduled but not recorded, and s434A consent decisions still waiting."""
    children = la.children.all()
    later_step = SAOEvent.objects.filter(
        child=OuterRef("child"), happened_on__gte=OuterRef("happened_on"), id__gt=OuterRef("id")
    ).exclude(kind=SAOEvent.Kind.SAO_REVOKED)
    notices = (
        SAOEvent.objects.filter(child__in=children, deadline__lt=today)
        .filter(~Exists(later_step))
        .select_related("child")
        .order_by("deadline")
    )
    visits = (
        Contact.objects.filter(child__in=children, scheduled_for__lt=today, happened_on__isnull=True)
        .select_related("child")
        .order_by("scheduled_for")
    )
    consents = (
        Episode.objects.filter(child__in=children, consent=Episode.Consent.PENDING)
        .select_related("child")
        .order_by("start_date")
    )
    return {"notices": list(notices[:200]), "visits": list(visits[:200]), "consents": list(consents[:200])}


def children_with_ehcp(la: LocalAuthority) -> QuerySet[Child]:
    """Children with an EHC plan and an open episode."""
    open_episode = Episode.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    return la.children.filter(ehcp=True).filter(Exists(open_episode))


def reaching_sixteen(la: LocalAuthority, *, today: datetime.date) -> QuerySet[Child]:
    """Children with an open episode who are in year 11 this academic year, so reach the end of
    compulsory school age at the end of it."""
    start_year = today.year if (today.month, today.day) > (8, 31) else today.year - 1
    born_from, born_to = datetime.date(start_year - 16, 9, 1), datetime.date(start_year - 15, 8, 31)
    open_episode = Episode.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    return la.children.filter(date_of_birth__range=(born_from, born_to)).filter(Exists(open_episode))


def past_retention(la: LocalAuthority, *, today: datetime.date) -> list[dict]:
    """Children whose episodes have all ended more than the LA's retention period ago, with the
    date the last one ended."""
    years = settings_for(la).retention_years
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    open_episode = Episode.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    rows = (
        la.children.filter(~Exists(open_episode))
        .annotate(last_ended=Max("episodes__end_date"))
        .filter(Q(last_ended__lt=cutoff) | Q(last_ended__isnull=True, created_at__date__lt=cutoff))
        .order_by("last_ended")
        .values("id", "given_name", "family_name", "date_of_birth", "last_ended")
    )
    return [dict(row) for row in rows]


def census_dates(la: LocalAuthority, period: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The census date of `period` and of the period before, from the collections of the LA's
    networks (None when no collection says)."""
    parse_period(period)
    return census_date_for(la, period), census_date_for(la, previous_period(period))


def _raw_rows(queryset) -> list[tuple]:
    """Rows of a values_list queryset without Django's per-row machinery. The database
    driver still gives dates and booleans as Python values (Django registers SQLite's
    converters for declared date and bool columns; psycopg converts them itself)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def register_facts(la: LocalAuthority, *, up_to: datetime.date, since: datetime.date | None = None):
    """The plain facts the return for the term `since`–`up_to` is counted from: every child,
    the episodes open on `up_to` or with a date in the term, and SAO steps up to `up_to`.
    Three queries, no model instances."""
    children = [
        ChildFacts(*row) for row in _raw_rows(la.children.order_by().values_list("id", "sex", "date_of_birth", "ehcp"))
    ]

    # Exactly the episodes the count can use: open on census day, or with a date in the term.
    def in_term(name: str) -> Q:
        window = Q(**{f"{name}__lte": up_to})
        return window & Q(**{f"{name}__gte": since}) if since is not None else window

    open_on_census = (Q(start_date__lte=up_to) | Q(provision_started_on__lte=up_to)) & (
        Q(end_date__isnull=True) | Q(end_date__gt=up_to)
    )
    relevant = open_on_census
    for name in ("start_date", "end_date", "referral_on", "decision_on", "provision_started_on"):
        relevant |= in_term(name)
    queryset = (
        Episode.objects.filter(child__local_authority=la).filter(relevant).order_by().values_list(*EPISODE_FACT_FIELDS)
    )
    episodes = list(itertools.starmap(EpisodeFacts, _raw_rows(queryset)))
    events = [
        SAOFacts(*row)
        for row in _raw_rows(
            SAOEvent.objects.filter(child__local_authority=la, happened_on__lte=up_to)
            .order_by()
            .values_list("id", "child_id", "kind", "happened_on")
        )
    ]
    return children, episodes, events


def children_named(la: LocalAuthority, ids: list[str]) -> list[Child]:
    """The LA's children with these ids (others are ignored), in name order."""
    return list(la.children.filter(pk__in=set(ids)).order_by("family_name_normalised", "given_name_normalised"))


def _same_child(la: LocalAuthority, *, upn: str, nhs_number: str, given: str, family: str, born) -> Q | None:
    """Who could be the same child: the same UPN, the same NHS number, or the same name and
    date of birth (names compared folded, as search does)."""
    condition = Q()
    if upn:
        condition |= Q(upn=upn)
    if nhs_number:
        condition |= Q(nhs_number=nhs_number)
    if born is not None and given and family:
        condition |= Q(date_of_birth=born, given_name_normalised=normalise_name(given),
                       family_name_normalised=normalise_name(family))  # fmt: skip
    return condition or None


def possible_duplicates(la: LocalAuthority, child: Child) -> list[tuple[Child, list[str]]]:
    """Other children on the LA's register who may be this child, each with why. Flagged for
    the officer; never merged."""
    condition = _same_child(la, upn=child.upn, nhs_number=child.nhs_number, given=child.given_name,
                            family=child.family_name, born=child.date_of_birth)  # fmt: skip
    if condition is None:
        return []
    found = []
    for other in la.children.filter(condition).exclude(pk=child.pk).order_by("created_at")[:20]:
        why = []
        if child.upn and other.upn == child.upn:
            why.append("the same UPN")
        if child.nhs_number and other.nhs_number == child.nhs_number:
            why.append("the same NHS number")
        if other.date_of_birth == child.date_of_birth and other.family_name_normalised == normalise_name(
            child.family_name
        ):
            why.append("the same name and date of birth")
        found.append((other, why))
    return found


def duplicate_warnings(la: LocalAuthority, child: Child) -> list[str]:
    """Warnings to show after a child is added or changed, one per possible duplicate."""
    return [
        f"This may be the same child as another record on the register ({' and '.join(why)}, reference "
        f"{other.local_reference or other.pk}): check, and erase one if so. Nothing has been merged."
        for other, why in possible_duplicates(la, child)
    ]


def duplicates_among(la: LocalAuthority, rows: list[dict]) -> dict[str, list[str]]:
    """For rows about to be imported ({'key', 'upn', 'nhs_number', 'given_name', 'family_name',
    'date_of_birth'}): the keys that match a child already on the register or another row,
    with why. One pass over the register's identifiers, not a query per row."""

    def keys(upn, nhs_number, given, family, born) -> list[tuple[str, str]]:
        found = []
        if upn:
            found.append(("the same UPN", upn))
        if nhs_number:
            found.append(("the same NHS number", nhs_number))
        if born is not None and given and family:
            found.append(
                ("the same name and date of birth", f"{normalise_name(given)}|{normalise_name(family)}|{born}")
            )
        return found

    seen: dict[tuple[str, str], str] = {}
    existing = la.children.values_list("upn", "nhs_number", "given_name", "family_name", "date_of_birth")
    for upn, nhs_number, given, family, born in existing.iterator(chunk_size=5000):
        for key in keys(upn, nhs_number, given, family, born):
            seen.setdefault(key, "a child already on the register")
    matches: dict[str, list[str]] = {}
    for row in rows:
        for why, value in keys(row.get("upn"), row.get("nhs_number"), row["given_name"], row["family_name"],
                               row["date_of_birth"]):  # fmt: skip
            other = seen.get((why, value))
            if other is not None:
                matches.setdefault(row["key"], []).append(f"{why} as {other}")
            else:
                seen[(why, value)] = f"row {row['key']}"
    return matches


def fact_history(child: Child) -> list:
    """The child's fact history, newest first."""
    return list(child.fact_changes.select_related("recorded_by").order_by("-changed_on", "-id"))


def outstanding_notifications(la: LocalAuthority):
    """Notifications with something still awaited, oldest first."""
    from notinschool.register.models import Notification

    return (
        Notification.objects.filter(child__in=la.children.all(), settled_on__isnull=True)
        .exclude(awaiting="")
        .select_related("child")
        .order_by("received_on", "id")
    )
