"""Approved returns made directly in the database, for tests and the benchmark.

ReturnVersion and ReturnFigure are immutable once written, but inserting them is allowed; this
skips validation (the figures come from `example_figures`, which are consistent by design). Like
every writer of what the dashboard shows, each function gives the networks concerned a new data
version (ADR 0007).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone

from notinschool.periods import parse_period
from notinschool.periods.specs import Key, load_spec
from notinschool.places.models import LocalAuthority, Network
from notinschool.places.services import data_changed
from notinschool.returns.models import Collection, Return, ReturnFigure, ReturnStatus, ReturnVersion
from notinschool.validation.samples import example_figures

Figures = dict[Key, int | None]


def open_collection(network: Network, period: str, *, provisional: str = Collection.Provisional.HIDE) -> Collection:
    """A collection for the period with plausible census and due dates."""
    parsed = parse_period(period)
    year = parsed.start_year + (0 if parsed.term_index == 0 else 1)
    census = datetime.date(year, (10, 1, 5)[parsed.term_index], 6)
    collection, _ = Collection.objects.update_or_create(
        network=network,
        period=period,
        defaults={
            "census_date": census,
            "due_date": census + datetime.timedelta(days=28),
            "provisional_figures": provisional,
        },
    )
    data_changed(network_ids=[network.id])
    return collection


def store_returns(
    *,
    periods: Iterable[str],
    local_authorities: Iterable[LocalAuthority],
    figures_for: Callable[[LocalAuthority, str], Figures | None] | None = None,
    approved: bool = True,
    seed: int = 7,
    scale: Callable[[LocalAuthority], int] | None = None,
) -> int:
    """Store one version per LA per period (approved unless told otherwise); return the figure count.

    ``figures_for(la, period)`` may give hand-made figures (None skips the LA); by default
    `example_figures` with a per-LA seed."""
    las = list(local_authorities)
    now = timezone.now()
    stored = 0
    for period in periods:
        spec = load_spec(period)
        records = Return.objects.bulk_create(
            [
                Return(local_authority=la, period=period, status=ReturnStatus.SUBMITTED, status_changed_at=now)
                for la in las
            ]
        )
        by_la = {r.local_authority_id: r for r in Return.objects.filter(period=period, local_authority__in=las)}
        del records
        versions, chosen = [], []
        for la in las:
            figures = (
                figures_for(la, period)
                if figures_for
                else example_figures(spec, seed=seed * 1000 + int(la.old_code), scale=scale(la) if scale else 400)
            )
            if figures is None:
                continue
            versions.append(
                ReturnVersion(
                    return_record=by_la[la.id],
                    number=1,
                    source=ReturnVersion.Source.FORM,
                    content_hash=f"{la.old_code}-{period}",
                    report={"issues": []},
                )
            )
            chosen.append(figures)
        ReturnVersion.objects.bulk_create(versions)
        saved = {v.return_record_id: v for v in ReturnVersion.objects.filter(return_record__in=by_la.values())}
        rows = []
        for version, figures in zip(versions, chosen, strict=True):
            stored_version = saved[version.return_record_id]
            rows += [
                ReturnFigure(version=stored_version, measure=m, category=c or "", value=v)
                for (m, c), v in figures.items()
            ]
        ReturnFigure.objects.bulk_create(rows, batch_size=5000)
        stored += len(rows)
        for record_id, version in saved.items():
            fields = {"current_version": version}
            if approved:
                fields |= {"approved_version": version, "status": ReturnStatus.APPROVED}
            Return.objects.filter(id=record_id).update(**fields)
    data_changed(la_ids=[la.id for la in las])
    return stored


def new_version_for_slough(period: str, seed: int = 871) -> ReturnVersion:
    """A new version of Slough's return (871, which the dashboard tests leave without one in
    their last term) from figures, its queries explained so that it can be submitted."""
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services
    from notinschool.returns.services.status import unexplained_queries

    figures = example_figures(load_spec(period), seed=seed, scale=300)
    outcome = services.version_create_from_figures(la=la_by_code("871"), period=period, figures=figures)
    for issue in unexplained_queries(outcome.version):
        services.query_explain(
            version=outcome.version,
            rule_code=issue["rule"],
            where=issue.get("where") or "",
            text="Checked with the team: a rise in referrals from two academies this term.",
        )
    return outcome.version
