"""Reading ONS mid-year population estimates of children aged 5 to 16 per LA, and storing them.

Two shapes of CSV are accepted, columns found by name (case and spacing ignored):

- one row per LA and year: a code column (``new_la_code``, ``old_la_code``, ``code``,
  ``ladcode``…), a year column (``mid_year``, ``year``), and either the single years of age
  ``age_5`` … ``age_16`` (or ``5`` … ``16``) or a total ``age_5_to_16``. When both are there they
  must agree;
- ONS's long layout: a code column, an ``age`` column, and one column per year named
  ``population_2023`` or ``mid-2023`` (rows for each sex are added up).

Rows for places that are not LAs (England, regions, districts) are counted and left out; rows
whose code is unknown are reported. Nothing is invented: an LA with no row has no estimate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from notinschool.core.presenters import counted
from notinschool.core.text import digits_only
from notinschool.intake import POPULATION, Sheet, UnreadableFile, read_path, take
from notinschool.intake.errors import EMPTY, LAYOUT
from notinschool.intake.report import ERROR, ROW_DIFFERS, ROW_VALUE, FileRefused, Issue, Location
from notinschool.places.models import LocalAuthorityCode, PopulationEstimate
from notinschool.places.reference import normalise_code
from notinschool.places.services import data_changed

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "population" / "ons_mye_upper_tier_age5_16_mid2022_2023.csv"
AGES = range(5, 17)
CODE_COLUMNS = ("new_la_code", "old_la_code", "la_code", "code", "ladcode", "area_code", "geography_code")
YEAR_COLUMNS = ("mid_year", "year", "mid_year_estimate")
_YEAR_IN_HEADER = re.compile(r"^(?:population[_ ]|mid[-_ ]?)(\d{4})$")
NOT_LA_PREFIXES = ("E92", "E12", "E13", "E07", "K0", "W", "S", "N")


class PopulationFileError(FileRefused, ValueError):
    """A file that cannot be read as population estimates, with every problem in the one report
    every intake gives: nothing is stored."""

    default_code = LAYOUT


@dataclass
class PopulationImport:
    """What an import found and stored."""

    estimates: dict[tuple[int, int], int] = field(default_factory=dict)  # (la id, year) -> children
    years: set[int] = field(default_factory=set)
    not_las: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    stored: int = 0
    kept: int = 0  # estimates already stored from another file, left as they were

    def summary_lines(self) -> list[str]:
        years = ", ".join(f"mid-{y}" for y in sorted(self.years)) or "no year"
        lines = [f"{self.stored} estimates of children aged 5 to 16 stored ({years})."]
        if self.kept:
            many = self.kept != 1
            lines.append(
                f"{self.kept} estimate{'s' if many else ''} imported from another file "
                f"{'were' if many else 'was'} kept, not replaced."
            )
        if self.not_las:
            lines.append(
                f"{counted(self.not_las, 'row')} for England, regions or districts "
                f"{'was' if self.not_las == 1 else 'were'} left out."
            )
        if self.unknown_codes:
            shown = ", ".join(self.unknown_codes[:10])
            more = f" and {len(self.unknown_codes) - 10} more" if len(self.unknown_codes) > 10 else ""
            lines.append(
                f"{counted(len(self.unknown_codes), 'row has', 'rows have')} a code no LA is known by: {shown}{more}."
            )
        return lines


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower().lstrip("\ufeff"))


MAX_CHILDREN = 100_000_000  # more than the children of the whole UK: a figure above is a slip


class _Problems(list):
    """The row problems found so far; the file is refused with all of them at the end."""

    def number(self, row: dict, column: str, line: int) -> int | None:
        """The whole number of children in a cell, or None (and a problem) when it is not one."""
        text = row[column] or ""
        cleaned = text.strip().replace(",", "")
        if not digits_only(cleaned):
            message = "This is not a whole number of children. Give the estimate as digits only."
        elif len(cleaned.lstrip("0")) > len(str(MAX_CHILDREN)) or int(cleaned) > MAX_CHILDREN:
            message = f"This is more children than any area has (at most {MAX_CHILDREN:,}). Check the figure."
        else:
            return int(cleaned)
        self.append(Issue(ROW_VALUE, ERROR, message, Location.csv(line, column), text[:40]))
        return None


def _layout(message: str) -> PopulationFileError:
    return PopulationFileError(Issue(LAYOUT, ERROR, message, Location.csv(1)))


def _age_column(columns: dict[str, str], age: int) -> str | None:
    for name in (f"age_{age}", str(age), f"age{age}"):
        if name in columns:
            return columns[name]
    return None


def read_population_table(sheet: Sheet) -> list[tuple[str, int, int]]:
    """Rows of (code, mid-year, children aged 5 to 16) from the intake's reading of a CSV.

    Raises PopulationFileError naming every problem in the file, not just the first."""
    if not sheet.headings:
        raise PopulationFileError("The file is empty. Give a CSV whose first line names the columns.", code=EMPTY)
    reader = sheet.records()
    columns = {_key(h): h for h in sheet.headings}
    code_column = next((columns[c] for c in CODE_COLUMNS if c in columns), None)
    if code_column is None:  # ONS names its code columns after the boundary year: ladcode23, utla22cd
        code_column = next(
            (h for k, h in columns.items() if re.fullmatch(r"(lad|utla|ctyua)(code)?\d*(cd|code)?", k)), None
        )
    if code_column is None:
        raise _layout(f"No LA code column: name one of them {', '.join(CODE_COLUMNS)}.")
    problems = _Problems()
    if "age" in columns:
        rows = _read_long(reader, code_column, columns, problems)
    else:
        rows = _read_wide(reader, code_column, columns, problems)
    if problems:
        raise PopulationFileError(list(problems))
    return rows


def _read_wide(reader, code_column: str, columns: dict[str, str], problems: _Problems) -> list[tuple[str, int, int]]:
    year_column = next((columns[c] for c in YEAR_COLUMNS if c in columns), None)
    if year_column is None:
        raise _layout(f"No year column: name one of them {', '.join(YEAR_COLUMNS)}, or give an 'age' column.")
    age_columns = [_age_column(columns, age) for age in AGES]
    total_column = columns.get("age_5_to_16")
    if total_column is None and None in age_columns:
        raise _layout("Give either a column age_5_to_16 or one column for each age from 5 to 16.")
    rows = []
    for line, row in enumerate(reader, start=2):
        year = problems.number(row, year_column, line)
        total = None
        if None not in age_columns:
            ages = [problems.number(row, c, line) for c in age_columns]
            total = None if None in ages else sum(ages)
        if total_column is not None:
            given = problems.number(row, total_column, line)
            if total is not None and given is not None and given != total:
                problems.append(
                    Issue(
                        ROW_DIFFERS,
                        ERROR,
                        f"age_5_to_16 is {given} but the single ages add up to {total}. Correct one of them.",
                        Location.csv(line, total_column),
                        str(given),
                    )
                )
            total = given
        if year is not None and total is not None:
            rows.append((row[code_column].strip(), year, total))
    return rows


def _read_long(reader, code_column: str, columns: dict[str, str], problems: _Problems) -> list[tuple[str, int, int]]:
    year_columns = {int(m[1]): h for k, h in columns.items() if (m := _YEAR_IN_HEADER.match(k))}
    if not year_columns:
        raise _layout("No population columns: name them like population_2023 or mid-2023.")
    age_column = columns["age"]
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for line, row in enumerate(reader, start=2):
        age_text = (row[age_column] or "").strip().rstrip("+")
        if not digits_only(age_text) or int(age_text) not in AGES:
            continue
        for year, header in year_columns.items():
            children = problems.number(row, header, line)
            if children is not None:
                totals[(row[code_column].strip(), year)] += children
    return [(code, year, total) for (code, year), total in totals.items()]


def _is_la_level(code: str) -> bool:
    return not code.upper().startswith(NOT_LA_PREFIXES)


def _read_file(path: Path) -> PopulationImport:
    """Read a population CSV and place its rows on LAs, storing nothing."""
    try:
        table = take(read_path(path, POPULATION), path.name, POPULATION)
    except UnreadableFile as exc:
        raise PopulationFileError.unreadable(exc) from exc
    rows = read_population_table(table.sheets[0])
    la_ids = dict(LocalAuthorityCode.objects.values_list("code", "local_authority_id"))
    result = PopulationImport()
    for code, year, total in rows:
        la_id = la_ids.get(normalise_code(code))
        if la_id is None:
            if _is_la_level(code):
                result.unknown_codes.append(code)
            else:
                result.not_las += 1
            continue
        # Two rows for one LA (a former code and its new one): the later row wins, as DfE's does.
        result.estimates[(la_id, year)] = total
        result.years.add(year)
    return result


def _store(result: PopulationImport, source: str) -> None:
    PopulationEstimate.objects.bulk_create(
        [
            PopulationEstimate(local_authority_id=la_id, mid_year=year, age_5_to_16=total, source=source)
            for (la_id, year), total in result.estimates.items()
        ],
        update_conflicts=True,
        unique_fields=["local_authority", "mid_year"],
        update_fields=["age_5_to_16", "source", "loaded_at"],
    )
    result.stored = len(result.estimates)
    data_changed(everywhere=True)  # every network's rates use these estimates


@transaction.atomic
def import_population_file(path: Path | str) -> PopulationImport:
    """Read a population CSV and store (or replace) each LA's estimate for each year in it."""
    path = Path(path)
    result = _read_file(path)
    _store(result, path.name)
    return result


@transaction.atomic
def load_shipped_population() -> PopulationImport:
    """Load the ONS mid-2022 and mid-2023 estimates shipped with the service. Safe to re-run.

    The shipped file only fills gaps (and refreshes what it loaded before, so a corrected file
    in a new release takes effect): an estimate an administrator imported from another file is
    never replaced."""
    result = _read_file(SHIPPED_FILE)
    imported = set(
        PopulationEstimate.objects.exclude(source=SHIPPED_FILE.name).values_list("local_authority_id", "mid_year")
    )
    kept = set(result.estimates) & imported
    for key in kept:
        del result.estimates[key]
    result.kept = len(kept)
    _store(result, SHIPPED_FILE.name)
    return result
