"""The validation report: one list of issues, each naming its cell, rule and fix."""

from dataclasses import dataclass, field

from notinschool.intake.errors import CODES as UNREADABLE_CODES
from notinschool.intake.errors import UnreadableFile
from notinschool.validation.values import Location

ERROR = "error"  # blocks submission
QUERY = "query"  # allowed, with a written explanation
UNREADABLE_CODE = "FILE-UNREADABLE"
CHECK_FAILED_CODE = "CHECK-FAILED"  # a rule that could not run (a fault in the service)


@dataclass(frozen=True)
class Issue:
    """One problem found in a return."""

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
    """Every issue found in one return, errors first, each group in file order."""

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
        location = None
        if problem is not None and (problem.sheet or problem.row or problem.column):
            location = Location(problem.sheet, problem.row, problem.column)
        code = problem.code if problem is not None else UNREADABLE_CODE
        issue = Issue(code, ERROR, message, location, problem.value if problem is not None else "")
        return cls(filename=filename, period=period, la_code=None, issues=[issue])
