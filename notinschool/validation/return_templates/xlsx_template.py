"""The XLSX template: an instructions sheet, then a sheet per part with codes prefilled and
only the Count cells open for typing (whole numbers, 0 or more)."""

import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from notinschool.periods.specs.model import Key, ReturnSpec
from notinschool.validation.reading import layout
from notinschool.validation.return_templates.common import resolve_la, row_description, template_cells

_BOLD = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDDDDD")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_OPEN = Protection(locked=False)
_WIDTHS = {"A": 32, "B": 28, "C": 80, "D": 12}

INSTRUCTIONS = (
    "Fill in the Count column (column D) on each sheet. Only those cells can be typed in.",
    "Enter whole numbers of children. Enter 0 when there were none. Leave a cell blank only "
    "when the figure is not known: a blank is not the same as 0.",
    "Type numbers, not formulas: cells holding formulas are refused.",
    "Give exact counts. Do not round or suppress small numbers: that happens only when figures are published.",
    "Counts 'at the census date' are of children on that day. Counts 'during the term' run from "
    "the day after the previous census date to this census date. The census and due dates are "
    "on the collection page.",
    "Each breakdown (by sex, year group, reason and so on) must add up to its total.",
    "Do not change the codes in columns A and B, the sheet names, or the LA code and period above.",
    "DfE items are required. Regional additions may be left blank if you do not collect them; "
    "you will be asked to say why.",
    "Save as Excel Workbook (.xlsx), without macros or a password, and upload it. You can also "
    "upload the CSV template instead.",
)


def build_xlsx_template(spec: ReturnSpec, la, *, figures: Mapping[Key, int] | None = None) -> bytes:
    """An XLSX template for `la` (an LA or its code) and `spec`'s period. `figures` prefills
    counts (for a return generated from the register, or for tests)."""
    la = resolve_la(la)
    workbook = Workbook()
    _instructions(workbook.active, spec, la)
    for part in spec.parts:
        _part_sheet(workbook.create_sheet(part.label), spec, part.code, figures or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(sheet, spec: ReturnSpec, la) -> None:
    sheet.title = layout.INSTRUCTIONS_SHEET
    sheet["A1"] = f"Termly return of children not in school: {spec.period}"
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(
        [
            (layout.LA_CODE_LABEL, la.old_code),
            (layout.LA_NAME_LABEL, la.name),
            (layout.PERIOD_LABEL, spec.period),
        ],
        start=3,
    ):
        sheet.cell(row, 1, label).font = _BOLD
        cell = sheet.cell(row, 2, value)
        cell.number_format = "@"  # keep 886 as text, never 886.0
    row = 7
    sheet.cell(row, 1, "How to fill in this return").font = _BOLD
    for text in INSTRUCTIONS:
        row += 1
        sheet.cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 30
    row += 2
    sheet.cell(row, 1, "Sheets").font = _BOLD
    for part in spec.parts:
        row += 1
        sheet.cell(row, 1, part.label)
        sheet.cell(row, 2, "DfE item" if part.source == "DfE" else "Regional addition")
        sheet.cell(row, 3, part.description).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 90
    sheet.protection.sheet = True  # no password: protection prevents slips, not people


def _part_sheet(sheet, spec: ReturnSpec, part_code: str, figures: Mapping[Key, int]) -> None:
    for column, heading in enumerate(layout.XLSX_HEADINGS, start=1):
        cell = sheet.cell(1, column, heading)
        cell.font = _BOLD
        cell.fill = _HEADING_FILL
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Whole number needed",
        error="Enter a whole number of children, 0 or more. Leave blank only if not known.",
    )
    sheet.add_data_validation(counts)
    cells = template_cells(spec)
    row = 1
    for measure in spec.measures_in(part_code):
        for key in measure.item_keys():
            found = cells[key].row
            assert found is not None, key  # every figure has its row in the template
            row = found
            sheet.cell(row, 1, key[0])
            sheet.cell(row, 2, key[1] or "")
            sheet.cell(row, 3, row_description(spec, key))
            count = sheet.cell(row, 4, figures.get(key))
            count.number_format = "0"
            count.protection = _OPEN
            count.fill = _INPUT_FILL
            if key[1] is None:
                sheet.cell(row, 3).font = _BOLD  # totals stand out from their breakdowns
    if row > 1:
        counts.add(f"D2:D{row}")
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
