"""Build good and hostile return files inside the tests (no binaries committed)."""

import contextlib
import csv
import io
import zipfile

from openpyxl import load_workbook

from notinschool.periods.specs import load_spec
from notinschool.validation.return_templates import build_csv_template, build_xlsx_template
from notinschool.validation.samples import example_figures

PERIOD = "2025-26-autumn"
KENT = "886"


def figures(period: str = PERIOD) -> dict:
    return example_figures(load_spec(period))


def good_xlsx(period: str = PERIOD, la: str = KENT, **changes) -> bytes:
    """A filled, valid template; `changes` maps 'measure/category' → new value."""
    values = figures(period)
    for name, value in changes.items():
        measure, _, category = name.partition("__")
        values[(measure, category or None)] = value
    return build_xlsx_template(load_spec(period), la, figures=values)


def good_csv(period: str = PERIOD, la: str = KENT) -> bytes:
    return build_csv_template(load_spec(period), la, figures=figures(period))


def edit_cell(data: bytes, sheet: str, cell: str, value) -> bytes:
    """Change one cell as a user would in a spreadsheet program."""
    workbook = load_workbook(io.BytesIO(data))
    workbook[sheet][cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_parts(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """A workbook with one part added or replaced."""
    parts = parts_of(data)
    parts[name] = content
    return zip_parts(parts)


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def sheet_xml(rows: int, cell_text: str = "<v>1</v>") -> bytes:
    """A worksheet of `rows` rows, one number in column A of each."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
    )
    body = "".join(f'<row r="{n}"><c r="A{n}">{cell_text}</c></row>' for n in range(1, rows + 1))
    return (head + body + "</sheetData></worksheet>").encode()


@contextlib.contextmanager
def specs_with_files(monkeypatch, files: dict[str, str]):
    """Inside the block, the return specs read as if these period files (period → TOML text)
    were added or replaced; the cached specs are cleared on the way in and out."""
    from notinschool.periods.specs import loading

    merged = dict(loading._files()) | files

    def clear() -> None:
        loading.all_periods.cache_clear()
        loading._build_all.cache_clear()

    clear()
    monkeypatch.setattr(loading, "_files", lambda: merged)
    try:
        yield
    finally:
        monkeypatch.undo()
        clear()
