"""Reads for returns.

Other apps read returns only through these functions. The dashboard's front door is
`figures_that_count`, `collection_settings` and `periods_with_collections`: they decide which
version of each return counts and hand back plain values, never model instances.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from notinschool.core.compiled_rows import CompiledRows
from notinschool.periods import previous_period
from notinschool.periods.specs import Key
from notinschool.places.models import LocalAuthority, Network
from notinschool.returns.kept_figures import figures_of_versions
from notinschool.returns.models import (
    Collection,
    QueryExplanation,
    Return,
    ReturnContact,
    ReturnEvent,
    ReturnFigure,
    ReturnStatus,
    ReturnVersion,
)

Figures = dict[Key, int | None]


def census_date_for(la: LocalAuthority, period: str) -> datetime.date | None:
    """The census date of `period` for `la`, from its networks' collections (an open one
    first; None when no collection says)."""
    collection = (
        Collection.objects.filter(network__local_authorities=la, period=period)
        .order_by("status", "census_date")
        .first()
    )
    return collection.census_date if collection else None


def collection_is_open_for(la: LocalAuthority, period: str) -> bool:
    """True when any network the LA belongs to has an open collection for the period."""
    return Collection.objects.filter(
        network__local_authorities=la, period=period, status=Collection.Status.OPEN
    ).exists()


def collections_for_la(la: LocalAuthority) -> QuerySet[Collection]:
    """Every collection of every network the LA belongs to, newest period first."""
    return Collection.objects.filter(network__local_authorities=la).select_related("network").order_by("-period")


def collection_for(network: Network, period: str) -> Collection | None:
    """The network's collection for a period, or None."""
    return Collection.objects.filter(network=network, period=period).first()


def return_of(la: LocalAuthority, period: str) -> Return | None:
    """The LA's return for the period, or None when nothing has been sent."""
    return (
        Return.objects.filter(local_authority=la, period=period)
        .select_related("current_version", "approved_version", "status_changed_by")
        .first()
    )


def _to_figures(rows: Iterable[tuple[str, str, int | None]]) -> Figures:
    return {(measure, category or None): value for measure, category, value in rows}


def version_of(la: LocalAuthority, period: str, number: int) -> ReturnVersion | None:
    """Version `number` of the LA's return for `period`, or None."""
    return ReturnVersion.objects.filter(
        return_record__local_authority=la, return_record__period=period, number=number
    ).first()


def contacts_by_la(local_authorities: Iterable[LocalAuthority]) -> dict[int, list[ReturnContact]]:
    """Each LA's return contacts, by LA id (LAs with none are left out)."""
    found: dict[int, list[ReturnContact]] = {}
    for contact in ReturnContact.objects.filter(local_authority__in=list(local_authorities)):
        found.setdefault(contact.local_authority_id, []).append(contact)
    return found


def version_figures(version: ReturnVersion) -> Figures:
    """A version's figures keyed by (measure, category or None)."""
    return _to_figures(version.figures.values_list("measure", "category", "value"))


def previous_approved_figures(la: LocalAuthority, period: str) -> Figures | None:
    """The LA's approved figures for the term before, for the change-since-last-term query."""
    previous = Return.objects.filter(local_authority=la, period=previous_period(period)).first()
    if previous is None or previous.approved_version is None:
        return None
    return version_figures(previous.approved_version)


def approved_figures(*, period: str, local_authorities: Iterable[LocalAuthority]) -> dict[str, Figures]:
    """Each LA's approved figures for the period, keyed by LA old code. LAs with no approved
    version are absent (never zero)."""
    return _figures_by_la(period, local_authorities, field="approved_version")


def _figures_by_la(period: str, local_authorities, *, field: str) -> dict[str, Figures]:
    returns = Return.objects.filter(period=period, local_authority__in=list(local_authorities)).exclude(
        **{f"{field}__isnull": True}
    )
    version_to_la = dict(returns.values_list(f"{field}_id", "local_authority__old_code"))
    result: dict[str, Figures] = defaultdict(dict)
    rows = ReturnFigure.objects.filter(version_id__in=version_to_la).values_list(
        "version_id", "measure", "category", "value"
    )
    for version_id, measure, category, value in rows:
        result[version_to_la[version_id]][(measure, category or None)] = value
    for la_code in version_to_la.values():
        result.setdefault(la_code, {})
    return dict(result)


def status_by_la(*, period: str, local_authorities: Iterable[LocalAuthority]) -> dict[str, Return]:
    """Each LA's return for the period (LAs that sent nothing are absent)."""
    returns = (
        Return.objects.filter(period=period, local_authority__in=list(local_authorities))
        .select_related("local_authority", "current_version", "status_changed_by")
        .prefetch_related("current_version__explanations")
    )
    return {r.local_authority.old_code: r for r in returns}


def explanation_of(record: Return, explanation_id: int) -> QueryExplanation | None:
    """One explanation of a version of this return, or None (never one of another return)."""
    return QueryExplanation.objects.filter(pk=explanation_id, version__return_record=record).first()


def sent_back_la_codes(returns: Iterable[Return]) -> set[str]:
    """Old codes of the LAs whose draft return is a draft because its approver sent it back
    (its latest change was from submitted to draft). One query."""
    drafts = {r.pk: r.local_authority.old_code for r in returns if r.status == ReturnStatus.DRAFT}
    latest: dict[int, ReturnEvent] = {}
    for event in ReturnEvent.objects.filter(return_record_id__in=list(drafts)).order_by("return_record_id", "at", "id"):
        latest[event.return_record_id] = event
    return {
        drafts[pk]
        for pk, event in latest.items()
        if event.from_status == ReturnStatus.SUBMITTED and event.to_status == ReturnStatus.DRAFT
    }


def approved_la_codes(*, period: str, local_authorities: Iterable[LocalAuthority]) -> set[str]:
    """Old codes of the LAs whose return for the period has an approved version."""
    return set(
        Return.objects.filter(
            period=period, local_authority__in=list(local_authorities), approved_version__isnull=False
        ).values_list("local_authority__old_code", flat=True)
    )


# --- The dashboard's front door: plain values only ------------------------------------------


@dataclass(frozen=True)
class CollectionSettings:
    """A network's collection for one period, as the dashboard needs it."""

    period: str
    census_date: datetime.date
    due_date: datetime.date
    is_open: bool
    shows_provisional: bool  # the coordinator chose to show figures not yet approved, marked provisional


@dataclass(frozen=True)
class CountedFigures:
    """One LA's figures for one period from the version that counts: its approved version, or
    (when the network's collection shows figures not yet approved) its current one, marked
    provisional. ``values`` holds only the measures asked for; a blank figure is None, never 0."""

    provisional: bool
    values: Mapping[Key, int | None]

    def get(self, measure: str, category: str | None = None) -> int | None:
        """The figure for a measure (and category), or None when it is blank or not read."""
        return self.values.get((measure, category))


# No order: the result is by period (the model's order joins the network only to sort).
_COLLECTIONS = CompiledRows(
    lambda *, network_id, periods: (
        Collection.objects.filter(network_id=network_id, period__in=periods)
        .order_by()
        .values_list("period", "census_date", "due_date", "status", "provisional_figures")
    )
)


def collection_settings(*, network_id: int, periods: Iterable[str]) -> dict[str, CollectionSettings]:
    """The network's collections for these periods, by period (periods without one are absent)."""
    return {
        period: CollectionSettings(
            period, census_date, due_date, status == Collection.Status.OPEN, shown == Collection.Provisional.MARK
        )
        for period, census_date, due_date, status, shown in _COLLECTIONS.rows(
            network_id=network_id, periods=list(periods)
        )
    }


_PERIODS_WITH_COLLECTIONS = CompiledRows(
    lambda *, network_id: Collection.objects.filter(network_id=network_id).order_by("-period").values_list("period")
)


def periods_with_collections(*, network_id: int) -> list[str]:
    """Periods the network has opened a collection for, newest first."""
    return [period for (period,) in _PERIODS_WITH_COLLECTIONS.rows(network_id=network_id)]


def _network_returns(
    *,
    network_id: int,
    periods: list[str],
    la_codes: list[str] | None = None,
    few_periods: list[str] | None = None,
    few_la_codes: list[str] | None = None,
):
    """The network's returns of ``periods`` (of ``la_codes`` only, when given), and of
    ``few_periods`` those of ``few_la_codes`` only, in one query."""
    chosen = Q(period__in=periods)
    if la_codes is not None:
        chosen &= Q(local_authority__old_code__in=la_codes)
    if few_periods:
        chosen |= Q(period__in=few_periods, local_authority__old_code__in=few_la_codes)
    return Return.objects.filter(chosen, local_authority__networks=network_id)


# Read into a dict: no order (sorting by LA name was work for nothing, 2,000 rows a trend).
_NETWORK_RETURNS = CompiledRows(
    lambda **arguments: (
        _network_returns(**arguments)
        .order_by()
        .values_list("period", "local_authority__old_code", "approved_version_id", "current_version_id")
    )
)


def _figures_that_count_query(
    *,
    network_id: int,
    periods: list[str],
    measures: list[str],
    provisional_periods: list[str] | None = None,
    **which_returns: list[str],
):
    """The figures of the versions that count, chosen in the database, not by listing the versions:
    at national scale that list is some 1,800 ids a page, which cost more to send than to look up.
    The versions are the returns' own columns, so figures are found by version and measure
    without visiting the version table. ``which_returns`` narrows the returns (``_network_returns``)."""
    returns = _network_returns(network_id=network_id, periods=periods, **which_returns)
    counts = Q(version_id__in=returns.filter(approved_version__isnull=False).values("approved_version_id"))
    if provisional_periods:
        counts |= Q(
            version_id__in=returns.filter(approved_version__isnull=True, period__in=provisional_periods).values(
                "current_version_id"
            )
        )
    return ReturnFigure.objects.filter(counts, measure__in=measures).values_list(
        "version_id", "measure", "category", "value"
    )


_FIGURES_THAT_COUNT = CompiledRows(_figures_that_count_query)


def figures_that_count(
    *,
    network_id: int,
    periods: Iterable[str],
    measures: Iterable[str],
    collections: dict[str, CollectionSettings] | None = None,
    la_codes: Iterable[str] | None = None,
    few_periods: Iterable[str] = (),
    few_la_codes: Iterable[str] = (),
) -> dict[str, dict[str, CountedFigures]]:
    """{period: {LA old code: CountedFigures}} for the network's LAs and the given measures.

    A return counts through its approved version; with none, through its current version marked
    provisional, but only when the network's collection for that period says to show figures
    not yet approved. LAs with no version that counts are absent (never zero). An LA with a
    version that counts but no figure for the measures asked for is present with no values.
    Three queries for any number of periods, LAs and measures; two when the caller has read the
    network's `collections` for these periods already (`collection_settings`), and one when this
    process has kept the figures of every version that counts (`kept_figures`, ADR 0624). With ``la_codes``,
    only those of the network's LAs (old codes) are read. ``few_periods`` are read in the same
    queries for ``few_la_codes`` only (a profile compares one LA's figures with earlier terms)."""
    periods, few_periods = list(periods), [p for p in dict.fromkeys(few_periods) if p not in periods]
    every_period = periods + few_periods
    settings = collection_settings(network_id=network_id, periods=every_period) if collections is None else collections
    provisional_shown = {
        period for period, collection in settings.items() if collection.shows_provisional and period in every_period
    }
    only: dict[str, list[str]] = {} if la_codes is None else {"la_codes": sorted(set(la_codes))}
    few_la_codes = sorted(set(few_la_codes))
    if few_periods and few_la_codes:
        only |= {"few_periods": few_periods, "few_la_codes": few_la_codes}
    chosen: dict[int, tuple[str, str, bool]] = {}
    for period, code, approved_id, current_id in _NETWORK_RETURNS.rows(network_id=network_id, periods=periods, **only):
        if approved_id is not None:
            chosen[approved_id] = (period, code, False)
        elif current_id is not None and period in provisional_shown:
            chosen[current_id] = (period, code, True)
    measures = sorted(set(measures))
    shown = {"provisional_periods": sorted(provisional_shown)} if provisional_shown else {}
    values = figures_of_versions(
        chosen,
        measures,
        read_every=lambda: _FIGURES_THAT_COUNT.rows(
            network_id=network_id, periods=periods, measures=measures, **only, **shown
        ),
    )
    result: dict[str, dict[str, CountedFigures]] = defaultdict(dict)
    for version_id, (period, code, provisional) in chosen.items():
        result[period][code] = CountedFigures(provisional, values[version_id])
    return dict(result)
