"""The demo's published figures: DfE's real 2022/23 EHE census release, shipped with the service,
so the dashboard has England's, every region's and every LA's figures beside the returns."""

from notinschool.published.mapping import DATA_DIR
from notinschool.published.services import import_ees_path

EHE_CENSUS_2022_23 = DATA_DIR / "ehe_census_2022-23_release.csv"


def load() -> list[str]:
    """Import the shipped release (a no-op when it is already there); return a console line."""
    report = import_ees_path(EHE_CENSUS_2022_23)
    if report.unchanged:
        return ["DfE published figures: the 2022/23 EHE census release was already imported"]
    return [f"DfE published figures: {report.figures_imported:,} from the 2022/23 EHE census release"]
