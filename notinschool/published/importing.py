"""Turning the rows of an EES file into rows of published figures, one row at a time.

Problems (a bad value, a row cut short, the same figure twice) are collected with their line
numbers so the user sees them all at once; the service then refuses the whole file. A breakdown
the mapping does not know is not a problem: its rows are imported as nothing and the report names
it, so a breakdown DfE adds never blocks a release.
"""

from decimal import Decimal

from notinschool.core.presenters import counted
from notinschool.intake.report import ERROR, ROW_VALUE, Issue
from notinschool.published.geography import Gazetteer, Place
from notinschool.published.mapping import Target, normalise
from notinschool.published.models import Layout, PublishedRelease
from notinschool.published.reading import TIDY_COLUMNS, FileLayout, ImportRefused
from notinschool.published.report import ImportReport, UnplacedRow
from notinschool.published.values import BLANK, BadValue, period_code, read_count, read_decimal
from notinschool.published.writing import Row
from notinschool.validation.values import Location

ISSUES_KEPT = 10_000  # every problem of a broken file, up to this many, for the report's CSV
CUT_SHORT, BAD_PERIOD, DUPLICATE = "ROW-CUT-SHORT", "ROW-PERIOD", "ROW-DUPLICATE"
BAD_VALUE = ROW_VALUE
CACHED_CELLS = 50_000  # cell texts repeat (percentages, symbols, small counts): parse each once
IGNORED = Target("", "")


class Figure:
    """A figure being assembled from one or more cells of a row."""

    __slots__ = ("percent", "percent_symbol", "rate", "rate_symbol", "symbol", "value")

    def __init__(self) -> None:
        self.value: int | None = None
        self.symbol = BLANK
        self.percent: Decimal | None = None
        self.percent_symbol = BLANK
        self.rate: Decimal | None = None
        self.rate_symbol = BLANK


class RowReader:
    """Reads rows of one file for one release; `figures(row, line)` gives the row's figures."""

    def __init__(self, layout: FileLayout, gazetteer: Gazetteer, report: ImportReport, release: PublishedRelease):
        self.layout = layout
        self.gazetteer = gazetteer
        self.report = report
        self.release = release
        self.width = len(layout.headings)
        position = layout.position
        self.geography = [position.get(name) for name in ("time_period", "time_identifier", "geographic_level")]
        self.places = [position.get(name) for name in ("country_code", "region_code", "old_la_code", "new_la_code")]
        if layout.layout != Layout.WIDE:
            columns = TIDY_COLUMNS[layout.layout]
            self.tidy = {part: position.get(column) for part, column in columns.items()}
        self.periods: dict[tuple[str, str], str | BadValue] = {}
        self.targets: dict[tuple[str, str], Target | None] = {}
        self.seen: dict[tuple[str, str, str, str], int] = {}
        self.issues: list[Issue] = []
        self.problem_count = 0
        self.unknown_breakdowns: set[tuple[str, str]] = set()
        self.counts: dict[str, tuple[int | None, str]] = {}
        self.decimals: dict[str, tuple[Decimal | None, str]] = {}

    def problem(self, message: str, *, line: int, code: str, column: str | None = None, value: str = "") -> None:
        """Note a problem with one line (the file will be refused, naming every problem)."""
        self.problem_count += 1
        if len(self.issues) < ISSUES_KEPT:
            self.issues.append(Issue(code, ERROR, message, Location(None, line, column), value))

    def refusal(self, *after: Issue) -> ImportRefused:
        """The refusal naming every problem found (and any found after the rows)."""
        return ImportRefused([*self.issues, *after], more=self.problem_count - len(self.issues))

    def figures(self, row: list[str], line: int) -> list[Row]:
        """The row's figures, or none (with a problem or an unplaced row noted)."""
        if len(row) != self.width:
            if any(cell.strip() for cell in row):
                self.problem(
                    f"line {line} has {counted(len(row), 'value')} where the headings have {self.width}: "
                    "the file looks cut short or damaged",
                    line=line,
                    code=CUT_SHORT,
                )
            return []
        self.report.rows_read += 1
        period = self._period(row, line)
        place = self._place(row, line)
        if period is None or place is None:
            return []
        assembled = self._wide(row, line) if self.layout.layout == Layout.WIDE else self._tidy(row, line)
        built = []
        for (measure, category), figure in assembled.items():
            key = (period, place.place_code, measure, category)
            earlier = self.seen.setdefault(key, line)
            if earlier != line:
                self.problem(
                    f"lines {earlier} and {line} both give {measure} {category or '(total)'} "
                    f"for {place.place_code} in {period}: remove the duplicate row",
                    line=line,
                    code=DUPLICATE,
                )
                continue
            if figure.value is None and not figure.symbol:
                figure.symbol = "x"  # only a percentage was given: the count is not available
            built.append(self._build(period, place, measure, category, figure))
        return built

    def _period(self, row: list[str], line: int) -> str | None:
        key = (row[self.geography[0]], row[self.geography[1]])
        found = self.periods.get(key)
        if found is None:
            try:
                found = period_code(*key)
            except BadValue as exc:
                found = exc
            self.periods[key] = found
        if isinstance(found, BadValue):
            self.problem(str(found), line=line, code=BAD_PERIOD, value=" ".join(key))
            return None
        self.report.periods.add(found)
        return found

    def _place(self, row: list[str], line: int) -> Place | None:
        country, region, old_la, new_la = (row[index] if index is not None else "" for index in self.places)
        level = row[self.geography[2]]
        found = self.gazetteer.place(level, country, region, old_la, new_la)
        if isinstance(found, Place):
            return found
        name = self.layout.cell(row, "la_name") or self.layout.cell(row, "region_name")
        self.report.add_unplaced(UnplacedRow(line, level, old_la.strip(), new_la.strip(), name, found.reason))
        return None

    def _target(self, topic: str, breakdown: str) -> Target | None:
        key = (topic, breakdown)
        if key not in self.targets:
            normalised = (normalise(topic), normalise(breakdown))
            target = self.layout.mapping.breakdowns.get(normalised)
            if target is None and normalised in self.layout.mapping.ignored_breakdowns:
                target = IGNORED
            self.targets[key] = target
        target = self.targets[key]
        if target is None and key not in self.unknown_breakdowns:
            # A breakdown DfE has added: its rows are let through unread and the report names it.
            self.unknown_breakdowns.add(key)
            self.report.unknown_breakdowns.append(f"{topic}: {breakdown}")
        return target

    def _tidy(self, row: list[str], line: int) -> dict[tuple[str, str], Figure]:
        columns = self.tidy
        target = self._target(row[columns["topic"]].strip(), row[columns["breakdown"]].strip())
        if target is None or target is IGNORED:
            return {}
        figure = Figure()
        part = "count"  # which cell is being read, for a problem's column and value
        try:
            figure.value, figure.symbol = self._count(row[columns["count"]])
            if columns["percent"] is not None:
                part = "percent"
                figure.percent, figure.percent_symbol = self._decimal(row[columns["percent"]])
            if columns["rate"] is not None:
                part = "rate"
                figure.rate, figure.rate_symbol = self._decimal(row[columns["rate"]])
        except BadValue as exc:
            names = TIDY_COLUMNS[self.layout.layout]
            self.problem(str(exc), line=line, code=BAD_VALUE, column=names[part], value=row[columns[part]])
            return {}
        return {(target.measure, target.category): figure}

    def _wide(self, row: list[str], line: int) -> dict[tuple[str, str], Figure]:
        assembled: dict[tuple[str, str], Figure] = {}
        columns = self.layout.mapping.columns
        for index, name in self.layout.mapped_columns:
            target = columns[name]
            figure = assembled.setdefault((target.measure, target.category), Figure())
            try:
                if target.figure == "count":
                    figure.value, figure.symbol = self._count(row[index])
                elif target.figure == "percent":
                    figure.percent, figure.percent_symbol = self._decimal(row[index])
                else:
                    figure.rate, figure.rate_symbol = self._decimal(row[index])
            except BadValue as exc:
                self.problem(str(exc), line=line, code=BAD_VALUE, column=name, value=row[index])
        return assembled

    def _count(self, text: str) -> tuple[int | None, str]:
        parsed = self.counts.get(text)
        if parsed is None:
            parsed = read_count(text)
            if len(self.counts) < CACHED_CELLS:
                self.counts[text] = parsed
        value, symbol = parsed
        if symbol:
            if text.strip():
                self.report.symbols[symbol] += 1
            else:
                self.report.blank_cells += 1
        return value, symbol

    def _decimal(self, text: str) -> tuple[Decimal | None, str]:
        parsed = self.decimals.get(text)
        if parsed is None:
            parsed = read_decimal(text)
            if len(self.decimals) < CACHED_CELLS:
                self.decimals[text] = parsed
        value, symbol = parsed
        if symbol:
            self.report.symbols[symbol] += 1
        return value, symbol

    def _build(self, period: str, place: Place, measure: str, category: str, figure: Figure) -> Row:
        return (
            self.release.id, period, place.level, place.place_code, place.region_id, place.local_authority_id,
            measure, category, figure.value, figure.symbol, figure.percent, figure.percent_symbol,
            figure.rate, figure.rate_symbol, place.rounding_base, True,
        )  # fmt: skip
