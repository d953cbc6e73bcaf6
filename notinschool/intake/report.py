"""The report every intake gives: one list of issues, each naming its place in the file, its
code, and what to do; and the one writer of each of its forms (a dict for the API, --json and
storage, CSV for download, text for the command line).

Returns, the register import, DfE's files, population estimates and statistical neighbours all
report through this, so a problem reads, downloads and prints the same whatever the file.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from notinschool.core.errors import ServiceError
from notinschool.core.spreadsheet_safety import neutralise_row
from notinschool.core.text import counted
from notinschool.intake.errors import CODES as UNREADABLE_CODES
from notinschool.intake.errors import UnreadableFile


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_COLUMN_LETTERS = tuple(column_letter(index) for index in range(64))
_new = object.__new__


@dataclass(frozen=True)
class Location:
    """Where something sits in the uploaded file. XLSX: sheet and cell (row and column filled
    in too). CSV: line number, and column is the column heading."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None

    @classmethod
    def xlsx(cls, sheet: str, row_index: int, column_index: int) -> "Location":
        """From 0-based indexes, as a reader sees them."""
        letter = _COLUMN_LETTERS[column_index] if 0 <= column_index < 64 else column_letter(column_index)
        row = row_index + 1
        if cls is not Location:
            return cls(sheet, row, letter, f"{letter}{row}")
        # A reader makes one of these per figure: fill the frozen fields directly, which is what
        # the generated __init__ does, at a third of the cost.
        location = _new(Location)
        fields = location.__dict__
        fields["sheet"] = sheet
        fields["row"] = row
        fields["column"] = letter
        fields["cell"] = f"{letter}{row}"
        return location

    @classmethod
    def csv(cls, line: int, column: str | None = None) -> "Location":
        return cls(None, line, column, None)

    def describe(self) -> str:
        """'EHE!D7' or 'line 12' or '' when unknown."""
        if self.cell:
            return f"{self.sheet}!{self.cell}" if self.sheet else self.cell
        if self.sheet and self.row is None:
            return f"sheet {self.sheet}"
        if self.row is not None:
            return f"line {self.row}"
        return ""


ERROR = "error"  # blocks submission
QUERY = "query"  # allowed, with a written explanation
UNREADABLE_CODE = "FILE-UNREADABLE"
CHECK_FAILED_CODE = "CHECK-FAILED"  # a rule that could not run (a fault in the service)


@dataclass(frozen=True)
class Issue:
    """One problem found in a file: a return, an import, DfE's or ONS's figures."""

    rule_code: str
    severity: str
    message: str
    location: Location | None = None
    value: str = ""
    explanation_needed: str = ""  # for a query: what an acceptable explanation must say
    related: tuple[Location, ...] = ()  # other cells involved, e.g. the parts of a sum

    @property
    def sheet(self) -> str | None:
        return self.location.sheet if self.location else None

    @property
    def row(self) -> int | None:
        return self.location.row if self.location else None

    @property
    def column(self) -> str | None:
        return self.location.column if self.location else None

    @property
    def cell(self) -> str | None:
        return self.location.cell if self.location else None

    @property
    def where(self) -> str:
        """'EHE!D7', 'line 12' or '' when the issue is about the file as a whole."""
        return self.location.describe() if self.location else ""


@dataclass
class ValidationReport:
    """Every issue found in one file, errors first, each group in file order. (Named when returns
    were the only files with a report; every intake gives one now.)"""

    filename: str
    period: str | None
    la_code: str | None
    issues: list[Issue] = field(default_factory=list)
    rule_set: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def queries(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == QUERY]

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == ERROR for issue in self.issues)

    @property
    def is_valid(self) -> bool:
        """No errors (queries are allowed once explained)."""
        return not self.has_errors

    @property
    def unreadable(self) -> bool:
        return any(issue.rule_code in UNREADABLE_CODES for issue in self.issues)

    @classmethod
    def for_unreadable(
        cls, filename: str, message: str, period: str | None = None, *, problem: UnreadableFile | None = None
    ):
        """The report for a file that could not be read at all: a single error, with the
        intake's code and place when `problem` (its refusal) is given."""
        issue = problem_issue(problem) if problem is not None else Issue(UNREADABLE_CODE, ERROR, message)
        if problem is not None and issue.message != message:
            issue = Issue(issue.rule_code, ERROR, message, issue.location, issue.value)
        return cls(filename=filename, period=period, la_code=None, issues=[issue])


# Problems with a row of an import, whatever the kind of file (each import adds its own too).
ROW_VALUE = "ROW-VALUE"  # a figure that is not what the column holds
ROW_DIFFERS = "ROW-DIFFERS"  # two figures of one row that must agree do not
ROW_UNKNOWN_LA = "ROW-UNKNOWN-LA"  # a code no LA is known by
PROBLEMS_SHOWN = 20  # in a refusal's sentences; the report and its CSV hold them all


def problem_issue(problem: UnreadableFile) -> Issue:
    """The intake's refusal of a file as an issue, with its code and place."""
    placed = problem.sheet or problem.row or problem.column
    location = Location(problem.sheet, problem.row, problem.column) if placed else None
    return Issue(problem.code, ERROR, problem.message, location, problem.value or "")


class FileRefused(ServiceError):
    """A file an import will not take, and every reason as an issue of the one report.

    All-or-nothing: raised before anything is stored (or inside the import's transaction, so
    nothing is). `issues` is every problem; `problems` says the first of them in sentences, for
    a message on a page or the line a command prints first."""

    default_code = UNREADABLE_CODE

    def __init__(self, problems: "str | Issue | Sequence[str | Issue]", *, code: str | None = None, more: int = 0):
        items = [problems] if isinstance(problems, (str, Issue)) else list(problems)
        code = code or self.default_code
        self.issues = [item if isinstance(item, Issue) else Issue(code, ERROR, item) for item in items]
        shown = [_sentence(issue) for issue in self.issues[:PROBLEMS_SHOWN]]
        more += max(0, len(self.issues) - PROBLEMS_SHOWN)
        self.problems = shown + ([f"…and {counted(more, 'more problem')}"] if more > 0 else [])
        super().__init__("; ".join(self.problems))

    @classmethod
    def unreadable(cls, problem: UnreadableFile, before: "list[Issue]" = ()):
        """The refusal for a file the intake could not read, after any problems found before."""
        return cls([*before, problem_issue(problem)])

    def report(self, file_name: str) -> "ValidationReport":
        """Every problem, as the report every file's problems are given in."""
        return ValidationReport(filename=file_name, period=None, la_code=None, issues=list(self.issues))


def _sentence(issue: Issue) -> str:
    """'line 12: …' or 'line 12, column x: …' before a message that does not name its line."""
    if issue.row is None or issue.message.startswith(("line", "Line", "Row")):
        return issue.message
    column = f", column {issue.column}" if issue.column else ""
    return f"line {issue.row}{column}: {issue.message}"


CSV_COLUMNS = (
    "sheet",
    "row",
    "column",
    "cell",
    "value",
    "rule",
    "severity",
    "message",
    "explanation_needed",
)


def issue_to_dict(issue: Issue) -> dict:
    """One issue as plain data."""
    return {
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
        "cell": issue.cell,
        "where": issue.where,
        "value": issue.value,
        "rule": issue.rule_code,
        "severity": issue.severity,
        "message": issue.message,
        "explanation_needed": issue.explanation_needed,
        "related": [location.describe() for location in issue.related],
    }


def report_to_dict(report: ValidationReport) -> dict:
    """The report as JSON-ready data (the API response and `validate --json`)."""
    return {
        "filename": report.filename,
        "period": report.period,
        "la_code": report.la_code,
        "rule_set": report.rule_set,
        "valid": report.is_valid,
        "unreadable": report.unreadable,
        "error_count": len(report.errors),
        "query_count": len(report.queries),
        "issues": [issue_to_dict(issue) for issue in report.issues],
    }


def report_issues(data: dict, *, severity: str | None = None) -> list[dict]:
    """The issues of a report as stored (`report_to_dict`), all or of one severity: what the
    pages list."""
    return [issue for issue in data.get("issues", []) if severity is None or issue.get("severity") == severity]


def report_to_csv(report: ValidationReport | dict) -> bytes:
    """The report as a CSV download, one issue a line (UTF-8 with BOM, for Excel). Takes the
    report itself or its stored dict (`report_to_dict`), so a download made today and one made
    from a version stored last year have the same columns."""
    data = report if isinstance(report, dict) else report_to_dict(report)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for issue in report_issues(data):
        # A report repeats what the uploader typed: a cell a spreadsheet would run as a formula
        # is written as text (CSV injection, ADR 0206).
        writer.writerow(neutralise_row(["" if issue.get(c) is None else issue.get(c) for c in CSV_COLUMNS]))
    return out.getvalue().encode("utf-8-sig")


def report_to_text(report: ValidationReport, *, limit: int = 200) -> str:
    """Human-readable lines for the command line: a summary, then each issue with its cell."""
    lines = [_summary(report)]
    for issue in report.issues[:limit]:
        where = f"{issue.where}: " if issue.where else ""
        column = f"{issue.column} " if issue.column and not issue.cell else ""
        value = f"{column}“{issue.value}”: " if issue.value else (f"{column.strip()}: " if column else "")
        lines.append(f"  {issue.severity.upper():5} {issue.rule_code:22} {where}{value}{issue.message}")
        if issue.explanation_needed:
            lines.append(f"        Explanation needed: {issue.explanation_needed}")
    if len(report.issues) > limit:
        lines.append(f"  …and {len(report.issues) - limit} more.")
    return "\n".join(lines)


def _summary(report: ValidationReport) -> str:
    name = report.filename
    about = " ".join(part for part in (report.la_code and f"LA {report.la_code}", report.period) if part)
    errors, queries = len(report.errors), len(report.queries)
    if report.unreadable:
        return f"{name}: cannot be read."
    label = f"{name} ({about})" if about else name
    if not report.issues:
        return f"{label}: valid, no errors or queries."
    verdict = "not valid" if errors else "valid, with queries to explain"
    return f"{label}: {verdict}: {errors} error{'s' * (errors != 1)}, {queries} quer{'ies' if queries != 1 else 'y'}."
