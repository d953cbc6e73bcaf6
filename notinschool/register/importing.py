"""Importing an existing register from CSV or XLSX: read, check every row, then store all of
it or none of it. The column layout is in docs/register.md."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from notinschool.intake import REGISTER, UnreadableFile, take
from notinschool.intake.errors import EMPTY, LAYOUT
from notinschool.intake.report import ERROR, ROW_DIFFERS, Issue, ValidationReport
from notinschool.register import checks, choices
from notinschool.register.models import Episode
from notinschool.validation.values import Location

REQUIRED_COLUMNS = ("child_reference", "given_name", "family_name")
CHILD_COLUMNS = (
    "given_name", "family_name", "date_of_birth", "sex", "upn", "nhs_number", "ehcp", "sen_support",
    "address_line_1", "address_line_2", "town", "postcode", "parent_name", "parent_educates",
)  # fmt: skip
EPISODE_COLUMNS = (
    "episode_type", "eligibility_ground", "start_date", "end_date", "outcome", "reason", "previous_school",
    "previous_school_type",
    "notified_by", "notified_on", "missing_since", "hours_by_parents", "hours_by_others", "referral_date",
    "decision", "decision_date", "provision_start", "provision_type", "hours_a_week", "full_time",
    "school_type_returned_to",
)  # fmt: skip
ALL_COLUMNS = ("child_reference", *CHILD_COLUMNS, *EPISODE_COLUMNS)
SHOWN_ERRORS = 100
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}


# A file that cannot be read as a register at all: the intake's one refusal, with its code.
UnreadableRegister = UnreadableFile


# Each problem with a row is an `Issue`, the one kind of problem every file's report is made of
# (the page, the CSV download and the command show it the same way); these are its codes.
REQUIRED, TOO_LONG, DATE, FUTURE = "ROW-REQUIRED", "ROW-TOO-LONG", "ROW-DATE", "ROW-FUTURE"
IDENTIFIER, YES_NO, CHOICE, HOURS = "ROW-IDENTIFIER", "ROW-YES-NO", "ROW-CHOICE", "ROW-HOURS"
ORDER, TAKEN = "ROW-DATE-ORDER", "ROW-REFERENCE-TAKEN"
DIFFERS = ROW_DIFFERS


def row_issue(row: int, column: str, value: str, message: str, code: str) -> Issue:
    """One problem with one cell of the register (row 0: about the file as a whole)."""
    return Issue(code, ERROR, message, Location(None, row or None, column), value)


@dataclass
class ParsedRegister:
    """Children keyed by reference, each with its episodes; and the errors found."""

    children: dict[str, dict] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported all the same: possible duplicates
    rows: int = 0

    @property
    def shown_errors(self) -> list[Issue]:
        return self.errors[:SHOWN_ERRORS]

    @property
    def more_errors(self) -> int:
        return max(0, len(self.errors) - SHOWN_ERRORS)

    def report(self, filename: str, la_code: str | None = None) -> ValidationReport:
        """Every problem found, as the report every file's problems are given in."""
        return ValidationReport(filename=filename, period=None, la_code=la_code, issues=list(self.errors))


def read_rows(data: bytes, filename: str) -> tuple[list[str], Iterable[list[str]]]:
    """The header and the rows of a CSV or XLSX register, as text, read through the intake
    (its size, type, zip, sheet-size, encoding and character checks, and its limited reading
    process). Raises UnreadableRegister (the intake's UnreadableFile) with a code."""
    table = take(data, filename, REGISTER)
    values = table.sheets[0].rows if table.sheets else []
    rows = [[_cell_text(v) for v in row] for row in values] if table.file_format == "xlsx" else values
    if not rows:
        raise UnreadableRegister(f"{filename} is empty.", code=EMPTY)
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise UnreadableRegister(
            f"The first row must name the columns; missing: {', '.join(missing)}.", code=LAYOUT, row=1
        )
    return header, rows[1:]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # a date or time from the reading process, as its text
        return str(value[0]) if value else ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    """Typed reading of one row's cells, collecting errors."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[Issue]):
        self.number, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, message: str, code: str) -> None:
        self.errors.append(row_issue(self.number, column, self.cells.get(column, ""), message, code))

    def text(self, column: str, *, required: bool = False, limit: int = 200) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.fail(column, f"Enter the {column.replace('_', ' ')}.", REQUIRED)
        elif len(value) > limit:
            self.fail(column, f"Keep this to {limit} characters or fewer.", TOO_LONG)
        return value[:limit]

    def date(self, column: str, *, required: bool = False, today: datetime.date | None = None) -> datetime.date | None:
        """A date; with `today`, an event's date, which cannot be after it."""
        value = self.cells.get(column, "").strip()
        if not value:
            if required:
                self.fail(column, "Enter a date, such as 2025-09-30 or 30/09/2025.", DATE)
            return None
        for pattern in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(value[:10] if "-" in value else value, pattern).date()
            except ValueError:
                continue
            if today is not None and day > today:
                self.fail(column, "This date is in the future: the register records what has happened.", FUTURE)
                return None
            return day
        self.fail(column, "Enter a real date, such as 2025-09-30 or 30/09/2025.", DATE)
        return None

    def checked(self, column: str, value, problem: str | None):
        """`value`, or the problem recorded against the column (and an empty value)."""
        if problem:
            self.fail(column, problem, IDENTIFIER)
            return "" if isinstance(value, str) else None
        return value

    def yes_no(self, column: str) -> bool:
        value = self.cells.get(column, "").strip().lower()
        if value in YES:
            return True
        if value not in NO:
            self.fail(column, "Enter yes or no.", YES_NO)
        return False

    def code(self, column: str, allowed: Iterable[str], *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip().lower().replace(" ", "_")
        allowed = tuple(allowed)
        if not value:
            if required:
                self.fail(column, f"Enter one of: {', '.join(allowed)}.", CHOICE)
            return ""
        if value not in allowed:
            self.fail(column, f"'{value}' is not allowed here. Use one of: {', '.join(allowed)}.", CHOICE)
            return ""
        return value

    def hours(self, column: str) -> Decimal | None:
        value = self.cells.get(column, "").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(column, "Enter a number of hours, such as 12.5.", HOURS)
            return None
        if not (0 <= number <= 168):
            self.fail(column, "Enter hours a week between 0 and 168.", HOURS)
            return None
        return number.quantize(Decimal("0.1"))


def _codes(breakdown: str) -> list[str]:
    return [code for code, _ in choices.categories(breakdown)]


def parse_register(
    header: list[str], rows: Iterable[list[str]], *, progress: Callable[[], None] | None = None,
    today: datetime.date | None = None, years_back: int = 6,
):  # fmt: skip
    """Check every row; group them into children by `child_reference`. Identifiers must carry
    their right check character; a date of birth must be of a child of compulsory school age
    this academic year or in the `years_back` before it; no event may be after `today`."""
    today = today or datetime.date.today()
    parsed = ParsedRegister()
    reasons = {"ehe": _codes("ehe_reason"), "cme": _codes("cme_reason")}
    first_seen: dict[str, int] = {}
    for index, values in enumerate(rows):
        if progress:
            progress()
        number = index + 2  # the spreadsheet's own row number, after the header
        if not any(v.strip() for v in values):
            continue
        parsed.rows += 1
        cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        row = _Row(number, cells, parsed.errors)
        reference = row.text("child_reference", required=True, limit=50)
        child = {
            "given_name": row.text("given_name", required=True, limit=100),
            "family_name": row.text("family_name", required=True, limit=100),
            "date_of_birth": _born(row, today, years_back),
            "sex": row.code("sex", ("female", "male", "unknown")) or "unknown",
            "upn": row.checked(
                "upn", checks.clean_upn(row.text("upn", limit=20)), checks.upn_problem(row.text("upn", limit=20))
            ),
            "nhs_number": row.checked(
                "nhs_number",
                checks.clean_nhs_number(row.text("nhs_number", limit=20)),
                checks.nhs_number_problem(row.text("nhs_number", limit=20)),
            ),
            "ehcp": row.yes_no("ehcp"),
            "sen_support": row.yes_no("sen_support"),
            "address": {
                "line_1": row.text("address_line_1"),
                "line_2": row.text("address_line_2"),
                "town": row.text("town", limit=100),
                "postcode": row.text("postcode", limit=10).upper(),
            },
            "parent": {"name": row.text("parent_name"), "educates_child": row.yes_no("parent_educates")},
            "episodes": [],
        }
        if reference in parsed.children:
            held = parsed.children[reference]
            for column in ("given_name", "family_name", "date_of_birth"):
                if held[column] != child[column]:
                    row.fail(column, f"Differs from row {first_seen[reference]} for the same child_reference.", DIFFERS)
            child = held
        elif reference:
            parsed.children[reference] = child
            first_seen[reference] = number
        kind = row.code("episode_type", Episode.Kind.values)
        if kind:
            child["episodes"].append(_episode(row, kind, reasons, today))
    return parsed


def _born(row: _Row, today: datetime.date, years_back: int) -> datetime.date | None:
    born = row.date("date_of_birth")
    return row.checked("date_of_birth", born, checks.date_of_birth_problem(born, today=today, years_back=years_back))


def _episode(row: _Row, kind: str, reasons: dict, today: datetime.date) -> dict:
    start = row.date("start_date", required=True, today=today)
    end = row.date("end_date", today=today)
    if start and end and end < start:
        row.fail("end_date", "The end date must be on or after the start date.", ORDER)
    outcome = row.code("outcome", Episode.Outcome.values, required=bool(end))
    episode = {
        "kind": kind,
        "eligibility_ground": row.code("eligibility_ground", Episode.Ground.values),
        "start_date": start,
        "end_date": end,
        "outcome": outcome,
        "reason": row.code("reason", reasons.get(kind, ())) if kind in reasons else "",
        "previous_school": row.text("previous_school"),
        "previous_school_type": row.code("previous_school_type", _codes("previous_school_type")),
        "notified_by": row.code("notified_by", Episode.NotifiedBy.values),
        "notified_on": row.date("notified_on", today=today),
        "missing_since": row.date("missing_since", today=today),
        "hours_by_parents": row.hours("hours_by_parents"),
        "hours_by_others": row.hours("hours_by_others"),
        "school_type_returned_to": row.code("school_type_returned_to", _codes("school_type_returned_to")),
    }
    if kind == "s19":
        started = row.date("provision_start", today=today)
        episode.update(
            referral_on=row.date("referral_date", required=True, today=today),
            decision=row.code("decision", ("accepted", "declined")),
            decision_on=row.date("decision_date", today=today),
            provision_started_on=started,
            provision_type=row.code("provision_type", _codes("s19_provision_type"), required=bool(started)),
            hours_a_week=row.hours("hours_a_week"),
            full_time=row.yes_no("full_time"),
        )
    return episode
