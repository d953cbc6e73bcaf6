"""Map an XLSX return's sheets (read by the intake) to figures."""

from notinschool.intake import Table, UnreadableFile
from notinschool.intake.errors import LAYOUT
from notinschool.validation.reading import layout
from notinschool.validation.reading.cells import count_entry
from notinschool.validation.values import Location, ParsedReturn

_HEADING_SEARCH_ROWS = 10  # the heading row is row 1 in the template; allow a title above it
_LABEL_SEARCH_ROWS = 40


def read_xlsx(table: Table) -> ParsedReturn:
    """A ParsedReturn from the intake's workbook table; raises UnreadableFile."""
    parsed = ParsedReturn(filename=table.filename, file_format="xlsx")
    found_data = False
    for sheet in table.sheets:
        formulas = table.formula_cells.get(sheet.name, set())
        if _read_data_sheet(parsed, sheet.name, sheet.rows, formulas):
            found_data = True
        else:
            _read_labels(parsed, sheet.name, sheet.rows)
    if not found_data:
        headings = ", ".join(layout.XLSX_HEADINGS[i] for i in (0, 1, 3))
        raise UnreadableFile(
            f"No sheet in this workbook has the column headings {headings}. Download the "
            "template for this period and copy the figures into it.",
            code=LAYOUT,
        )
    return parsed


def _read_data_sheet(parsed: ParsedReturn, name: str, rows: list, formulas: set[str]) -> bool:
    heading_index = next(
        (i for i, row in enumerate(rows[:_HEADING_SEARCH_ROWS]) if layout.is_heading_row(row)),
        None,
    )
    if heading_index is None:
        return False
    columns = layout.find_columns(rows[heading_index])
    identity = [
        (columns[column], record)
        for column, record in (("la_code", parsed.state_la_code), ("period", parsed.state_period))
        if column in columns
    ]
    measure_at, category_at, value_at = columns["measure"], columns["category"], columns["value"]
    width = max(columns.values()) + 1
    code_text, at = layout.code_text, Location.xlsx
    for row_index in range(heading_index + 1, len(rows)):
        row = rows[row_index]
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        measure = code_text(row[measure_at]).lower()
        category = code_text(row[category_at]).lower() or None
        raw_value = row[value_at]
        value_location = at(name, row_index, value_at)
        has_formula = bool(formulas) and value_location.cell in formulas
        if not measure and not category and raw_value in ("", None) and not has_formula:
            continue  # a blank line
        for index, record in identity:
            record(layout.code_text(row[index]), Location.xlsx(name, row_index, index))
        entry = count_entry(raw_value, value_location, formula=has_formula)
        parsed.add_entry((measure, category), entry)
    return True


def _read_labels(parsed: ParsedReturn, name: str, rows: list) -> None:
    """The instructions sheet states the LA code and period as 'label | value' pairs."""
    wanted = {
        layout.normalise(layout.LA_CODE_LABEL): parsed.state_la_code,
        layout.normalise(layout.PERIOD_LABEL): parsed.state_period,
    }
    for row_index, row in enumerate(rows[:_LABEL_SEARCH_ROWS]):
        if len(row) < 2 or not isinstance(row[0], str):
            continue
        record = wanted.get(layout.normalise(row[0]))
        if record:
            record(layout.code_text(row[1]), Location.xlsx(name, row_index, 1))
