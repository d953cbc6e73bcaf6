"""The demo's returns: seven terms of the South East network, most approved, the latest term
in progress so every status shows and Kent's contributor can send the current return. Each LA's
figures are shaped by DfE's published figures for it (`demo_figures`): whole, consistent counts
of a believable size."""

import datetime
import random
import zlib

from notinschool.periods.specs import load_spec
from notinschool.places.models import Network
from notinschool.places.population import load_shipped_population
from notinschool.places.selectors import population_estimates
from notinschool.published import selectors as published
from notinschool.returns import services
from notinschool.returns.demo_figures import shaped
from notinschool.returns.models import Collection, ReturnContact
from notinschool.returns.services.status import unexplained_queries
from notinschool.validation.samples import example_figures

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


# The population each LA's demo figures are scaled to: ONS's mid-2023 estimate (shipped).
POPULATION_YEAR = 2023


def _children_5_to_16(las) -> dict[str, int]:
    """ONS's mid-2023 estimate for each LA: the shipped estimates, which the demo loads before
    the returns (and which are loaded here when they are not there yet)."""
    codes = [la.old_code for la in las]
    estimates = population_estimates(codes, up_to_year=POPULATION_YEAR)
    if not estimates:
        load_shipped_population()
        estimates = population_estimates(codes, up_to_year=POPULATION_YEAR)
    return {code: years[POPULATION_YEAR] for code, years in estimates.items() if POPULATION_YEAR in years}


# DfE's figures the demo's returns are shaped from (shipped and loaded by the published demo).
CENSUS_PERIOD, ACADEMIC_YEAR = "2022-23-autumn", "2024-25"
# EHE grew by about half from autumn 2022 to autumn 2025 in England (80,900 to 126,000): the demo's
# first term (autumn 2024) is about 1.35 times DfE's autumn 2022 count, growing 2.5% a term.
FIRST_TERM_GROWTH, GROWTH_PER_TERM = 1.35, 0.025


def _published(las) -> tuple[dict, dict]:
    """{LA old code: {(measure, category): (value, symbol)}} for the census and the academic year."""

    def plain(found: dict) -> dict:
        return {
            code: {key: (figure.value, figure.symbol) for key, figure in figures.items()}
            for code, figures in found.items()
        }

    census = plain(published.la_figures_for(local_authorities=las, period=CENSUS_PERIOD))
    year = plain(published.la_figures_for(local_authorities=las, period=ACADEMIC_YEAR))
    return census, year


def _figures(la_code: str, period: str, index: int, population: int, census: dict, year: dict) -> dict:
    # The example's scale only matters for the measures DfE does not publish (s19 and the like).
    rng = random.Random(f"demo-{la_code}")  # noqa: S311 - demo figures, not secrets
    scale = max(40, int(population * rng.uniform(0.010, 0.022) * (1 + 0.025 * index)))
    example = example_figures(load_spec(period), seed=zlib.crc32(f"{la_code}-{period}".encode()), scale=scale)
    growth = FIRST_TERM_GROWTH * (1 + GROWTH_PER_TERM * index)
    return shaped(example, census.get(la_code, {}), year.get(la_code, {}), growth)


def la_demo_figures(la, period: str) -> dict:
    """The figures the demo gives `la` for `period` (one of the demo's terms): the same the
    returns demo sends, so the register's demo can be shaped to match them."""
    periods = [*PAST_PERIODS, CURRENT_PERIOD]
    census, year = _published([la])
    population = _children_5_to_16([la]).get(la.old_code, 30_000)
    return _figures(la.old_code, period, periods.index(period), population, census, year)


def _send(la, period: str, figures: dict, *, submit: bool, approve: bool) -> None:
    outcome = services.version_create_from_figures(la=la, period=period, figures=figures)
    record = outcome.version.return_record
    if outcome.version.has_errors or not submit:
        return
    for issue in unexplained_queries(outcome.version):
        services.query_explain(
            version=outcome.version, rule_code=issue["rule"], where=issue.get("where") or "", text=DEMO_EXPLANATION
        )
    # Demo history: nobody is emailed about it.
    services.return_submit(record=record, tell=False)
    if approve:
        services.return_approve(record=record, tell=False)


def load() -> list[str]:
    """Open seven collections for the South East and fill them; return lines for the console."""
    network = Network.objects.get(slug="south-east")
    if Collection.objects.filter(network=network, period=CURRENT_PERIOD).exists():
        return ["Returns: demo returns already loaded."]
    las = list(network.local_authorities.order_by("old_code"))
    population = _children_5_to_16(las)
    dfe_census, dfe_year = _published(las)
    for index, period in enumerate([*PAST_PERIODS, CURRENT_PERIOD]):
        census = census_date(period)
        services.collection_open(
            network=network, period=period, census_date=census, due_date=census + datetime.timedelta(days=28)
        )
        for la in las:
            code = la.old_code
            if (code, period) in GAPS:
                continue
            figures = _figures(code, period, index, population.get(code, 30_000), dfe_census, dfe_year)
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
