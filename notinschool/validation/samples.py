"""Consistent example figures for any period: for demos, tests and the benchmark.

Every breakdown adds up to its total, so a return built from these figures is valid.
"""

import random
from itertools import pairwise

from notinschool.periods.specs.model import Key, ReturnSpec


def example_figures(spec: ReturnSpec, *, seed: int = 2025, scale: int = 400) -> dict[Key, int]:
    """Plausible, internally consistent figures for every item of `spec`."""
    rng = random.Random(f"{seed}-{spec.period}")  # noqa: S311 (sample data, not secrets)
    figures: dict[Key, int] = {}
    totals: dict[str, int] = {}
    for measure in spec.measures:
        if measure.breakdown is None:
            if measure.within:
                value = rng.randint(0, totals.get(measure.within, 0))
            elif measure.unit != "children":
                value = rng.randint(5, 40)
            else:
                value = rng.randint(scale // 4, scale) if measure.kind == "stock" else rng.randint(0, scale // 8)
            totals[measure.code] = value
            figures[(measure.code, None)] = value
    for measure in spec.measures:
        if measure.breakdown is not None:
            total = totals.get(measure.sums_to, 0) if measure.sums_to else rng.randint(0, scale)
            for key, value in zip(measure.item_keys(), _split(rng, total, len(measure.item_keys())), strict=True):
                figures[key] = value
    _balance_referrals(figures)
    _balance_orders(figures)
    return figures


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole numbers, 0 or more, adding up exactly."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    edges = [0, *cuts, total]
    return [b - a for a, b in pairwise(edges)]


def _balance_referrals(figures: dict[Key, int]) -> None:
    received = figures.get(("s19_referrals_received", None))
    if received is None:
        return
    figures[("s19_referrals_accepted", None)] = received * 3 // 4
    figures[("s19_referrals_declined", None)] = received // 4
    if ("s19_provision_started", None) in figures:
        # The median of days to provision needs at least one start to be a median of.
        figures[("s19_provision_started", None)] = max(1, received // 2)


def _balance_orders(figures: dict[Key, int]) -> None:
    """Orders follow notices, and only served orders get revoked."""
    served = figures.get(("sao_served", None))
    if served is None:
        return
    figures[("sao_revoked", None)] = min(figures[("sao_revoked", None)], served)
    figures[("s437_notices_served", None)] = max(figures[("s437_notices_served", None)], served)
