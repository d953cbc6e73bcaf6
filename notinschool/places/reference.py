"""The LA reference data shipped with the service, read without a database.

The validation engine and the offline `notinschool validate` command use this; the web
service loads the same files into the database (services.load_reference_data).
"""

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCAL_AUTHORITIES_CSV = DATA_DIR / "local_authorities.csv"
REGIONS_CSV = DATA_DIR / "regions.csv"


@dataclass(frozen=True)
class LocalAuthorityRef:
    """An LA as the reference file describes it."""

    old_code: str
    new_code: str
    name: str
    region_code: str
    sub_region_code: str
    status: str
    former_new_codes: tuple[str, ...]
    successor_old_codes: tuple[str, ...]
    ended_on: str

    @property
    def is_current(self) -> bool:
        return self.status == "current"


@dataclass(frozen=True)
class RegionRef:
    """England, a region or a London sub-region."""

    code: str
    name: str
    kind: str
    parent_code: str


def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(";") if part)


def normalise_code(code: str) -> str:
    """Codes arrive with spaces and in lower case from spreadsheets; compare them tidied."""
    return str(code).strip().upper()


@functools.cache
def local_authorities() -> tuple[LocalAuthorityRef, ...]:
    """Every LA, current and former."""
    with LOCAL_AUTHORITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            LocalAuthorityRef(
                old_code=row["old_code"],
                new_code=row["new_code"],
                name=row["name"],
                region_code=row["region_code"],
                sub_region_code=row["sub_region_code"],
                status=row["status"],
                former_new_codes=_split(row["former_new_codes"]),
                successor_old_codes=_split(row["successor_old_codes"]),
                ended_on=row["ended_on"],
            )
            for row in csv.DictReader(handle)
        )


@functools.cache
def regions() -> tuple[RegionRef, ...]:
    """England, the nine regions and Inner and Outer London."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(RegionRef(**row) for row in csv.DictReader(handle))


@functools.cache
def _codes() -> dict[str, LocalAuthorityRef]:
    index: dict[str, LocalAuthorityRef] = {}
    for la in local_authorities():
        index[la.old_code] = la
        index[la.new_code] = la
        for former in la.former_new_codes:
            index[former] = la
    return index


def find_la(code: str) -> LocalAuthorityRef | None:
    """The LA known by this code (three-digit, current or earlier nine-character), or None."""
    return _codes().get(normalise_code(code))


def current_las() -> list[LocalAuthorityRef]:
    """The LAs that exist today."""
    return [la for la in local_authorities() if la.is_current]
