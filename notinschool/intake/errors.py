"""The one exception the intake raises, and the codes that say why a file was refused.

Every refusal is one issue of the intake's report (see report.py): its code, a message saying
what to do, and where in the file, when the problem has a place.
"""

# Why a file was refused. Each is an error: nothing from the file is stored.
from notinschool.core.errors import ServiceError

UNREADABLE = "FILE-UNREADABLE"  # the general code (kept for reports stored before the codes below)
EMPTY = "FILE-EMPTY"
TOO_BIG = "FILE-TOO-BIG"
WRONG_TYPE = "FILE-WRONG-TYPE"
MACROS = "FILE-MACROS"
PASSWORD = "FILE-PASSWORD"  # noqa: S105 (a refusal code, not a secret)
DAMAGED = "FILE-DAMAGED"
ZIP_NAMES = "FILE-ODD-PART-NAME"
BOMB = "FILE-BOMB"
ENTITIES = "FILE-XML-ENTITIES"
TOO_MANY_ROWS = "FILE-TOO-MANY-ROWS"
TOO_MANY_COLUMNS = "FILE-TOO-MANY-COLUMNS"
FIELD_TOO_LONG = "FILE-FIELD-TOO-LONG"
ENCODING = "FILE-ENCODING"
BINARY = "FILE-BINARY"
CONTROL_CHARACTER = "FILE-CONTROL-CHARACTER"
LAYOUT = "FILE-LAYOUT"  # readable, but not laid out as this kind of file
STOPPED = "FILE-READING-STOPPED"  # the reading process hit its time or memory limit
NO_DATA = "FILE-NO-FIGURES"  # laid out right, but nothing filled in

CODES = frozenset(
    {
        UNREADABLE, EMPTY, TOO_BIG, WRONG_TYPE, MACROS, PASSWORD, DAMAGED, ZIP_NAMES, BOMB, ENTITIES,
        TOO_MANY_ROWS, TOO_MANY_COLUMNS, FIELD_TOO_LONG, ENCODING, BINARY, CONTROL_CHARACTER, LAYOUT,
        STOPPED, NO_DATA,
    }
)  # fmt: skip


class UnreadableFile(ServiceError):
    """A file the service will not or cannot read. `message` says what is wrong and what to do;
    `code` says why, for reports and tests; `sheet`, `row`, `column` and `value` say where, when
    the problem has a place in the file (rows are the spreadsheet's or the CSV's own numbers)."""

    def __init__(
        self,
        message: str,
        *,
        code: str = UNREADABLE,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str = "",
    ):
        super().__init__(message)
        self.code = code
        self.sheet, self.row, self.column, self.value = sheet, row, column, value
