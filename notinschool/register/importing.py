"""Importing an existing register from CSV or XLSX: read, check every row, then store all of
it or none of it. The column layout is in docs/register.md."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from notinschool.register import choices
from notinschool.register.models import Episode

REQUIRED_COLUMNS = ("child_reference", "given_name", "family_name")
CHILD_COLUMNS = (
    "given_name", "family_name", "date_of_birth", "sex", "upn", "ehcp", "sen_support",
    "address_line_1", "address_line_2", "town", "postcode", "parent_name", "parent_educates",
)  # fmt: skip
EPISODE_COLUMNS = (
    "episode_type", "start_date", "end_date", "outcome", "reason", "previous_school", "previous_school_type",
    "notified_by", "notified_on", "missing_since", "hours_by_parents", "hours_by_others", "referral_date",
    "decision", "decision_date", "provision_start", "provision_type", "hours_a_week", "full_time",
    "school_type_returned_to",
)  # fmt: skip
ALL_COLUMNS = ("child_reference", *CHILD_COLUMNS, *EPISODE_COLUMNS)
SHOWN_ERRORS = 100
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}


class UnreadableRegister(Exception):
    """The file cannot be read as a register at all."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ParsedRegister:
    """Children keyed by reference, each with its episodes; and the errors found."""

    children: dict[str, dict] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def shown_errors(self) -> list[RowError]:
        return self.errors[:SHOWN_ERRORS]

    @property
    def more_errors(self) -> int:
        return max(0, len(self.errors) - SHOWN_ERRORS)


def read_rows(data: bytes, filename: str) -> tuple[list[str], Iterable[list[str]]]:
    """The header and the rows of a CSV (UTF-8, else Windows-1252) or XLSX file, as text."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        import python_calamine

        try:
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableRegister(f"{filename} is not a readable XLSX file.") from exc
        rows = [[_cell_text(v) for v in row] for row in values]
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - cp1252 decodes nearly anything
            raise UnreadableRegister(f"{filename} is not UTF-8 or Windows-1252 text.")
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise UnreadableRegister("Send a CSV or XLSX file.")
    if not rows:
        raise UnreadableRegister(f"{filename} is empty.")
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise UnreadableRegister(f"The first row must name the columns; missing: {', '.join(missing)}.")
    return header, rows[1:]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Row:
    """Typed reading of one row's cells, collecting errors."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]):
        self.number, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, self.cells.get(column, ""), message))

    def text(self, column: str, *, required: bool = False, limit: int = 200) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.fail(column, f"Enter the {column.replace('_', ' ')}.")
        elif len(value) > limit:
            self.fail(column, f"Keep this to {limit} characters or fewer.")
        return value[:limit]

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.cells.get(column, "").strip()
        if not value:
            if required:
                self.fail(column, "Enter a date, such as 2025-09-30 or 30/09/2025.")
            return None
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value[:10] if "-" in value else value, pattern).date()
            except ValueError:
                continue
        self.fail(column, "Enter a real date, such as 2025-09-30 or 30/09/2025.")
        return None

    def yes_no(self, column: str) -> bool:
        value = self.cells.get(column, "").strip().lower()
        if value in YES:
            return True
        if value not in NO:
            self.fail(column, "Enter yes or no.")
        return False

    def code(self, column: str, allowed: Iterable[str], *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip().lower().replace(" ", "_")
        allowed = tuple(allowed)
        if not value:
            if required:
                self.fail(column, f"Enter one of: {', '.join(allowed)}.")
            return ""
        if value not in allowed:
            self.fail(column, f"'{value}' is not allowed here. Use one of: {', '.join(allowed)}.")
            return ""
        return value

    def hours(self, column: str) -> Decimal | None:
        value = self.cells.get(column, "").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(column, "Enter a number of hours, such as 12.5.")
            return None
        if not (0 <= number <= 168):
            self.fail(column, "Enter hours a week between 0 and 168.")
            return None
        return number.quantize(Decimal("0.1"))


def _codes(breakdown: str) -> list[str]:
    return [code for code, _ in choices.categories(breakdown)]


def parse_register(header: list[str], rows: Iterable[list[str]], *, progress: Callable[[], None] | None = None):
    """Check every row; group them into children by `child_reference`."""
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
            "date_of_birth": row.date("date_of_birth"),
            "sex": row.code("sex", ("female", "male", "unknown")) or "unknown",
            "upn": row.text("upn", limit=13).upper(),
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
                    row.fail(column, f"Differs from row {first_seen[reference]} for the same child_reference.")
            child = held
        elif reference:
            parsed.children[reference] = child
            first_seen[reference] = number
        kind = row.code("episode_type", Episode.Kind.values)
        if kind:
            child["episodes"].append(_episode(row, kind, reasons))
    return parsed


def _episode(row: _Row, kind: str, reasons: dict) -> dict:
    start = row.date("start_date", required=True)
    end = row.date("end_date")
    if start and end and end < start:
        row.fail("end_date", "The end date must be on or after the start date.")
    outcome = row.code("outcome", Episode.Outcome.values, required=bool(end))
    episode = {
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "outcome": outcome,
        "reason": row.code("reason", reasons.get(kind, ())) if kind in reasons else "",
        "previous_school": row.text("previous_school"),
        "previous_school_type": row.code("previous_school_type", _codes("previous_school_type")),
        "notified_by": row.code("notified_by", Episode.NotifiedBy.values),
        "notified_on": row.date("notified_on"),
        "missing_since": row.date("missing_since"),
        "hours_by_parents": row.hours("hours_by_parents"),
        "hours_by_others": row.hours("hours_by_others"),
        "school_type_returned_to": row.code("school_type_returned_to", _codes("school_type_returned_to")),
    }
    if kind == "s19":
        started = row.date("provision_start")
        episode.update(
            referral_on=row.date("referral_date", required=True),
            decision=row.code("decision", ("accepted", "declined")),
            decision_on=row.date("decision_date"),
            provision_started_on=started,
            provision_type=row.code("provision_type", _codes("s19_provision_type"), required=bool(started)),
            hours_a_week=row.hours("hours_a_week"),
            full_time=row.yes_no("full_time"),
        )
    return episode
