"""Placing an EES row: England, a region (Inner and Outer London included) or an LA.

LA codes go through places' code history (LocalAuthorityCode), so Buckinghamshire's E10000002
lands on LA 825 and Cumbria's rows on the former LA 909. A row that cannot be placed gets a
reason, to be listed in the import report, never dropped silently.
"""

from dataclasses import dataclass

from notinschool.places.models import LocalAuthorityCode, Region
from notinschool.places.reference import normalise_code
from notinschool.published.models import Level

ENGLAND = "E92000001"
LEVELS = {"national": Level.NATIONAL, "regional": Level.REGIONAL, "local authority": Level.LOCAL_AUTHORITY}
ROUNDING = {Level.NATIONAL: 100, Level.REGIONAL: 10, Level.LOCAL_AUTHORITY: 10}


@dataclass(frozen=True)
class Place:
    """Where a row's figures belong."""

    level: str
    place_code: str
    region_id: int | None
    local_authority_id: int | None
    rounding_base: int


@dataclass(frozen=True)
class Unplaced:
    """Why a row could not be placed."""

    reason: str


class Gazetteer:
    """Every region and LA code, read once per import; each distinct row geography is looked
    up once and remembered."""

    def __init__(self) -> None:
        self.regions = dict(Region.objects.values_list("code", "id"))
        self.la_codes = {
            code: (la_id, old_code)
            for code, la_id, old_code in LocalAuthorityCode.objects.values_list(
                "code", "local_authority_id", "local_authority__old_code"
            )
        }
        self._seen: dict[tuple[str, ...], Place | Unplaced] = {}

    def place(self, level_text: str, country: str, region: str, old_la: str, new_la: str) -> Place | Unplaced:
        key = (level_text, country, region, old_la, new_la)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._look_up(*key)
        return found

    def _look_up(self, level_text: str, country: str, region: str, old_la: str, new_la: str) -> Place | Unplaced:
        level = LEVELS.get(" ".join(level_text.split()).lower())
        if level is None:
            return Unplaced(f"geographic level {level_text!r} is not one the service imports")
        if level == Level.NATIONAL:
            code = normalise_code(country) or ENGLAND
            if code != ENGLAND or code not in self.regions:
                return Unplaced(f"country code {country!r} is not England")
            return Place(level, code, self.regions[code], None, ROUNDING[level])
        if level == Level.REGIONAL:
            code = normalise_code(region)
            if code not in self.regions or code == ENGLAND:
                return Unplaced(f"region code {region!r} is not a known region")
            return Place(level, code, self.regions[code], None, ROUNDING[level])
        by_old = self.la_codes.get(normalise_code(old_la)) if old_la.strip() else None
        by_new = self.la_codes.get(normalise_code(new_la)) if new_la.strip() else None
        if by_old and by_new and by_old != by_new:
            return Unplaced(f"LA codes {old_la} and {new_la} belong to different LAs")
        found = by_old or by_new
        if found is None:
            return Unplaced(f"LA codes {old_la or '(none)'} and {new_la or '(none)'} are not known LA codes")
        la_id, old_code = found
        return Place(level, old_code, None, la_id, ROUNDING[level])
