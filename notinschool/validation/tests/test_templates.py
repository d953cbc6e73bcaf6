import csv
import io
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from notinschool.periods.specs import load_spec
from notinschool.validation.engine import validate
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.return_templates import build_csv_template, build_xlsx_template
from notinschool.validation.return_templates.common import template_filename
from notinschool.validation.tests.builders import edit_cell, figures

SPEC = load_spec("2025-26-autumn")


def test_xlsx_has_instructions_then_a_sheet_per_part():
    workbook = load_workbook(io.BytesIO(build_xlsx_template(SPEC, "886")))
    assert workbook.sheetnames == ["Instructions", "EHE", "CME", "EHE returns", "SAO pipeline", "s19 health"]
    instructions = workbook["Instructions"]
    assert (instructions["B3"].value, instructions["B4"].value) == ("886", "Kent")
    assert instructions["B5"].value == "2025-26-autumn"
    assert instructions.protection.sheet


def test_xlsx_codes_prefilled_counts_typed_and_only_counts_unlocked():
    sheet = load_workbook(io.BytesIO(build_xlsx_template(SPEC, "E10000016")))["CME"]
    assert [c.value for c in sheet[1]] == ["Measure code", "Category code", "What to count", "Count"]
    assert (sheet["A2"].value, sheet["B2"].value) == ("cme_total", None)
    assert (sheet["A3"].value, sheet["B3"].value) == ("cme_by_sex", "female")
    assert "at the census date" in sheet["C3"].value
    assert sheet.protection.sheet
    assert sheet["A3"].protection.locked and sheet["C3"].protection.locked
    assert not sheet["D3"].protection.locked
    assert sheet["D3"].number_format == "0" and sheet["D3"].value is None
    (rule,) = sheet.data_validations.dataValidation
    assert rule.type == "whole" and rule.operator == "greaterThanOrEqual"
    last = sheet.max_row
    assert str(rule.sqref) == f"D2:D{last}"
    cme_rows = sum(len(m.item_keys()) for m in SPEC.measures_in("cme"))
    assert last == cme_rows + 1


def test_csv_is_long_format_with_every_item():
    rows = list(csv.reader(io.StringIO(build_csv_template(SPEC, "886").decode("utf-8-sig"))))
    assert rows[0] == ["la_code", "period", "measure", "category", "description", "value"]
    assert len(rows) == len(SPEC.item_keys()) + 1
    assert rows[2][:4] == ["886", "2025-26-autumn", "ehe_by_sex", "female"]
    assert rows[2][5] == ""


def test_unknown_la_is_refused_and_filenames_use_the_old_code():
    with pytest.raises(ValueError, match="not an LA code"):
        build_csv_template(SPEC, "999")
    assert template_filename(SPEC, "E10000016", "xlsx") == "return-886-2025-26-autumn.xlsx"


def test_blank_template_is_refused_with_one_message_not_a_blank_per_cell():
    with pytest.raises(UnreadableFile) as refused:
        read_return(build_xlsx_template(SPEC, "886"), "blank.xlsx")
    assert "No figures are filled in" in refused.value.message
    assert "looks like the blank template" in refused.value.message


def test_a_template_with_one_figure_reads_back_with_the_rest_missing():
    data = edit_cell(build_xlsx_template(SPEC, "886"), "EHE", "D2", 0)
    parsed = read_return(data, "nearly-blank.xlsx")
    assert set(parsed.entries) == set(SPEC.item_keys())
    assert parsed.get("ehe_total") == 0
    assert all(parsed.get(*key) is None for key in SPEC.item_keys() if key != ("ehe_total", None))


def test_filled_in_by_hand_reads_back_without_edits():
    """A user types into the unlocked cells with a spreadsheet program and saves."""
    workbook = load_workbook(io.BytesIO(build_xlsx_template(SPEC, "886")))
    wanted = figures()
    sheets = {part.code: workbook[part.label] for part in SPEC.parts}
    for part in SPEC.parts:
        for row in sheets[part.code].iter_rows(min_row=2):
            row[3].value = wanted[(row[0].value, row[1].value or None)]
    out = io.BytesIO()
    workbook.save(out)
    parsed = read_return(out.getvalue(), "filled.xlsx")
    assert parsed.values == wanted
    assert validate(parsed, SPEC).issues == []


counts = st.integers(min_value=0, max_value=10**6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=len(SPEC.item_keys()), max_size=len(SPEC.item_keys())))
def test_any_counts_round_trip_through_both_templates(values):
    wanted = dict(zip(SPEC.item_keys(), values, strict=True))
    from_csv = read_return(build_csv_template(SPEC, "886", figures=wanted), "r.csv")
    from_xlsx = read_return(build_xlsx_template(SPEC, "886", figures=wanted), "r.xlsx", isolate=False)
    assert from_csv.values == wanted == from_xlsx.values


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("target", ["xlsx", "csv"])
def test_libreoffice_round_trip(tmp_path, target):
    """Open the filled template in LibreOffice, save it again, and read it back unchanged."""
    wanted = figures()
    source = tmp_path / "in" / "return.xlsx"
    source.parent.mkdir()
    source.write_bytes(build_xlsx_template(SPEC, "886", figures=wanted))
    if target == "csv":
        source = tmp_path / "in" / "return.csv"
        source.write_bytes(build_csv_template(SPEC, "886", figures=wanted))
    out = tmp_path / "out"
    convert = "xlsx:Calc MS Excel 2007 XML" if target == "xlsx" else "csv:Text - txt - csv (StarCalc):44,34,76"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            convert,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    parsed = read_return(out / f"return.{target}")
    assert parsed.values == wanted
    assert parsed.la_code == "886" and parsed.period == "2025-26-autumn"
    assert validate(parsed, SPEC).issues == []
