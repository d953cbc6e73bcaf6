"""Building blocks for returns tests: open collections and filled return files."""

import datetime

from notinschool.periods.specs import load_spec
from notinschool.places.models import Network
from notinschool.returns import services
from notinschool.validation.return_templates import build_csv_template, build_xlsx_template
from notinschool.validation.samples import example_figures

PERIOD = "2025-26-autumn"


def open_collection(network_slug: str = "south-east", period: str = PERIOD):
    """Open the network's collection for the period."""
    return services.collection_open(
        network=Network.objects.get(slug=network_slug),
        period=period,
        census_date=datetime.date(2025, 10, 2),
        due_date=datetime.date(2025, 10, 31),
    )


def good_figures(period: str = PERIOD, seed: int = 1) -> dict:
    """Figures for every item of the period's return, each breakdown adding up."""
    return example_figures(load_spec(period), seed=seed)


def filled_xlsx(la_code: str = "886", period: str = PERIOD, figures: dict | None = None, seed: int = 1) -> bytes:
    """A filled XLSX template, as an LA would upload it."""
    return build_xlsx_template(load_spec(period), la_code, figures=figures or good_figures(period, seed))


def filled_csv(la_code: str = "886", period: str = PERIOD, figures: dict | None = None, seed: int = 1) -> bytes:
    """A filled CSV template."""
    return build_csv_template(load_spec(period), la_code, figures=figures or good_figures(period, seed))


def stored_version(code: str, seed: int, period: str = PERIOD):
    """A new version of the demo LA's return (Kent 886 or Surrey 936), uploaded as an XLSX by the
    LA's demo contributor."""
    from notinschool.accounts.models import User
    from notinschool.core.actor import Actor
    from notinschool.places.selectors import la_by_code

    who = User.objects.get(email=f"contributor@{'kent' if code == '886' else 'surrey'}.example")
    outcome = services.version_create_from_file(
        la=la_by_code(code),
        period=period,
        data=filled_xlsx(code, period, seed=seed),
        filename="r.xlsx",
        actor=Actor.of(who, via="web"),
    )
    return outcome.version
