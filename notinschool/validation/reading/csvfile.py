"""Map a CSV return's lines (read by the intake) to figures: check the headings and delimiter,
then read each line into a figure with its line number."""

from notinschool.intake import Table, UnreadableFile
from notinschool.intake.errors import LAYOUT
from notinschool.intake.text import SAVE_AS as _SAVE_AS
from notinschool.validation.reading import layout
from notinschool.validation.reading.cells import count_entry
from notinschool.validation.values import Location, ParsedReturn


def read_csv(table: Table) -> ParsedReturn:
    """A ParsedReturn from the intake's CSV table; raises UnreadableFile."""
    sheet = table.sheets[0]
    if not sheet.rows:
        raise UnreadableFile("This file is empty. Download the template, fill it in and upload it.", code=LAYOUT)
    headings = sheet.rows[0]
    columns = layout.find_columns(headings)
    _check_headings(headings, columns)
    parsed = ParsedReturn(filename=table.filename, file_format="csv")
    for index in range(1, len(sheet.rows)):
        _read_row(parsed, sheet.rows[index], columns, sheet.lines[index])
    return parsed


def _check_headings(headings: list[str], columns: dict[str, int]) -> None:
    if all(column in columns for column in (*layout.REQUIRED, "la_code")):
        return
    line = ",".join(headings)
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if delimiter in line and layout.is_heading_row(line.split(delimiter)):
            message = f"This CSV file separates its columns with {name}, not commas. {_SAVE_AS}"
            raise UnreadableFile(message, code=LAYOUT)
    expected = ", ".join(layout.CSV_HEADINGS)
    shown = line[:80] + ("…" if len(line) > 80 else "")
    raise UnreadableFile(
        f"The first line of a CSV return must be the column headings {expected} "
        f"(description is optional). This file's first line is: {shown}",
        code=LAYOUT,
    )


def _read_row(parsed: ParsedReturn, row: list[str], columns: dict[str, int], line: int) -> None:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        return  # a blank line
    parsed.state_la_code(cell("la_code").strip(), Location.csv(line, "la_code"))
    parsed.state_period(cell("period").strip(), Location.csv(line, "period"))
    measure = cell("measure").strip().lower()
    category = cell("category").strip().lower() or None
    parsed.add_entry((measure, category), count_entry(cell("value"), Location.csv(line, "value")))
