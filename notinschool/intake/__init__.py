"""The one way in for every file the service takes: returns, registers, published figures,
population estimates and statistical neighbours, by web, API or command.

`take(data, filename, kind)` checks the size before reading, sniffs the real type, checks a
workbook's zip directory, parts and sheet sizes before any reader allocates, finds a text file's
encoding, refuses control characters and caps CSV fields and lines, and parses workbooks in a
limited child process. It returns the file's rows, or raises UnreadableFile with a code and a
message saying what to do. Each kind's limits are stated once, in kinds.py. See ADR 0120.
"""

from notinschool.intake.errors import UnreadableFile
from notinschool.intake.kinds import KINDS, NEIGHBOURS, POPULATION, PUBLISHED, REGISTER, RETURN, FileKind
from notinschool.intake.taking import Sheet, Table, read_path, take

__all__ = [
    "KINDS",
    "NEIGHBOURS",
    "POPULATION",
    "PUBLISHED",
    "REGISTER",
    "RETURN",
    "FileKind",
    "Sheet",
    "Table",
    "UnreadableFile",
    "read_path",
    "take",
]
