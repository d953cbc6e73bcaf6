"""The demo's returns: seven terms of the South East network, most approved, the latest term
in progress so every status shows and Kent's contributor can send the current return."""

import csv
import datetime
import random
import zlib

from notinschool.places.models import Network
from notinschool.places.reference import DATA_DIR
from notinschool.returns import services
from notinschool.returns.models import Collection, ReturnContact
from notinschool.returns.services.status import unexplained_queries
from notinschool.validation.samples import example_figures
from notinschool.validation.specs import load_spec

PAST_PERIODS = [
    "2024-25-autumn", "2024-25-spring", "2024-25-summer",
    "2025-26-autumn", "2025-26-spring", "2025-26-summer",
]  # fmt: skip
CURRENT_PERIOD = "2026-27-autumn"
# LAs that have not sent the current term's return, or that are part-way, in the demo.
NOT_STARTED = {"886", "871", "921"}
IN_DRAFT = {"936", "846"}
WITH_ERRORS = {"869"}
SUBMITTED = {"850", "887"}
# An LA that never sent one past term, so the dashboard shows a gap.
GAPS = {("870", "2024-25-spring")}
DEMO_EXPLANATION = "Demo return: the figure was checked against the case management system and is correct."


def census_date(period: str) -> datetime.date:
    """A Thursday early in October, mid January or mid May, as DfE's census dates fall."""
    start, _, term = period.split("-")
    year, month, week = {
        "autumn": (int(start), 10, 1),
        "spring": (int(start) + 1, 1, 3),
        "summer": (int(start) + 1, 5, 3),
    }[term]
    first = datetime.date(year, month, 1)
    first_thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + datetime.timedelta(weeks=week - 1)


def _children_5_to_16() -> dict[str, int]:
    path = DATA_DIR / "population" / "ons_mye_upper_tier_age5_16_mid2022_2023.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["old_la_code"]: int(row["age_5_to_16"]) for row in csv.DictReader(handle) if row["mid_year"] == "2023"
        }


def _figures(la_code: str, period: str, index: int, population: int) -> dict:
    # About one child in a hundred is home educated, rising a little each term, varying by LA.
    rng = random.Random(f"demo-{la_code}")  # noqa: S311 - demo figures, not secrets
    scale = max(40, int(population * rng.uniform(0.010, 0.022) * (1 + 0.025 * index)))
    return example_figures(load_spec(period), seed=zlib.crc32(f"{la_code}-{period}".encode()), scale=scale)


def _send(la, period: str, figures: dict, *, submit: bool, approve: bool) -> None:
    outcome = services.version_create_from_figures(la=la, period=period, figures=figures)
    record = outcome.version.return_record
    if outcome.version.has_errors or not submit:
        return
    for issue in unexplained_queries(outcome.version):
        services.query_explain(
            version=outcome.version, rule_code=issue["rule"], where=issue.get("where") or "", text=DEMO_EXPLANATION
        )
    services.return_submit(record=record)
    if approve:
        services.return_approve(record=record)


def load() -> list[str]:
    """Open seven collections for the South East and fill them; return lines for the console."""
    network = Network.objects.get(slug="south-east")
    if Collection.objects.filter(network=network, period=CURRENT_PERIOD).exists():
        return ["Returns: demo returns already loaded."]
    population = _children_5_to_16()
    las = list(network.local_authorities.order_by("old_code"))
    for index, period in enumerate([*PAST_PERIODS, CURRENT_PERIOD]):
        census = census_date(period)
        services.collection_open(
            network=network, period=period, census_date=census, due_date=census + datetime.timedelta(days=28)
        )
        for la in las:
            code = la.old_code
            if (code, period) in GAPS:
                continue
            figures = _figures(code, period, index, population.get(code, 30_000))
            if period != CURRENT_PERIOD:
                _send(la, period, figures, submit=True, approve=True)
            elif code in NOT_STARTED:
                continue
            elif code in WITH_ERRORS:
                figures[("ehe_by_sex", "female")] = (figures[("ehe_by_sex", "female")] or 0) + 9
                _send(la, period, figures, submit=False, approve=False)
            else:
                _send(la, period, figures, submit=code not in IN_DRAFT, approve=code not in IN_DRAFT | SUBMITTED)
        if period != CURRENT_PERIOD:
            services.collection_close(collection=Collection.objects.get(network=network, period=period))
    for la in las[:10]:
        ReturnContact.objects.get_or_create(
            local_authority=la,
            email=f"cme-ehe@{la.name.lower().replace(' ', '-')}.example",
            defaults={"name": f"{la.name} CME and EHE team", "role": "Team inbox", "topics": ["ehe", "cme"]},
        )
    return [
        f"Returns: South East collections {PAST_PERIODS[0]} to {CURRENT_PERIOD}; "
        f"Kent has not yet sent {CURRENT_PERIOD}."
    ]
