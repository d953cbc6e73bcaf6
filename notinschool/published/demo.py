"""The demo's published figures: DfE's real releases, shipped with the service, so the dashboard
has England's, every region's and every LA's figures beside the returns: the 2022/23 EHE census
release (termly) and the academic-year EHE data set of the autumn 2025/26 release (2021/22 to
2024/25: any point in the year, starts, returns, s437 notices, SAOs issued and revoked)."""

from notinschool.published.mapping import DATA_DIR
from notinschool.published.services import import_ees_path

EHE_CENSUS_2022_23 = DATA_DIR / "ehe_census_2022-23_release.csv"
EHE_ACADEMIC_YEAR_2024_25 = DATA_DIR / "ehe_academic_year_2024-25_release.csv"
DEMO_RELEASES = (
    (EHE_CENSUS_2022_23, "the 2022/23 EHE census release"),
    (EHE_ACADEMIC_YEAR_2024_25, "the EHE academic-year data set, 2021/22 to 2024/25"),
)


def load() -> list[str]:
    """Import the shipped releases (a no-op for one already there); return console lines."""
    lines = []
    for path, name in DEMO_RELEASES:
        report = import_ees_path(path)
        if report.unchanged:
            lines.append(f"DfE published figures: {name} was already imported")
        else:
            lines.append(f"DfE published figures: {report.figures_imported:,} from {name}")
    return lines
