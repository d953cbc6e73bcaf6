"""Reads for returns."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from notinschool.places.models import LocalAuthority, Network
from notinschool.returns.models import Collection, Return, ReturnFigure, ReturnVersion
from notinschool.validation.periods import previous_period
from notinschool.validation.specs import Key

Figures = dict[Key, int | None]


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


def version_figures(version: ReturnVersion) -> Figures:
    """A version's figures keyed by (measure, category or None)."""
    return _to_figures(version.figures.values_list("measure", "category", "value"))


def previous_approved_figures(la: LocalAuthority, period: str) -> Figures | None:
    """The LA's approved figures for the term before, for the change-since-last-term query."""
    previous = Return.objects.filter(local_authority=la, period=previous_period(period)).first()
    if previous is None or previous.approved_version_id is None:
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


def approved_la_codes(*, period: str, local_authorities: Iterable[LocalAuthority]) -> set[str]:
    """Old codes of the LAs whose return for the period has an approved version."""
    return set(
        Return.objects.filter(
            period=period, local_authority__in=list(local_authorities), approved_version__isnull=False
        ).values_list("local_authority__old_code", flat=True)
    )
