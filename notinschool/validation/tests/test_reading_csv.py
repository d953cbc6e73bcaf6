import pytest

from notinschool.intake.kinds import RETURN
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.tests.builders import csv_text, good_csv
from notinschool.validation.values import FRACTION, MISSING, NEGATIVE, TEXT

HEAD = ["la_code", "period", "measure", "category", "value"]


def read(rows, encoding="utf-8", name="return.csv"):
    return read_return(csv_text(rows).encode(encoding), name)


def test_template_reads_back_with_line_numbers():
    parsed = read_return(good_csv(), "return.csv")
    assert parsed.la_code == "886" and parsed.period == "2025-26-autumn"
    entry = parsed.entries[("ehe_by_sex", "female")]
    assert entry.location.row == 3 and entry.location.column == "value"
    assert entry.location.describe() == "line 3"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_accepted_encodings(encoding):
    rows = [[*HEAD, "description"], ["886", "2025-26-autumn", "ehe_total", "", "12", "Children – café"]]
    parsed = read(rows, encoding)
    assert parsed.get("ehe_total") == 12
    assert parsed.la_code == "886"


def test_missing_is_not_zero():
    parsed = read([HEAD, ["886", "p", "ehe_total", "", ""], ["886", "p", "cme_total", "", "0"]])
    assert parsed.entries[("ehe_total", None)].value is MISSING
    assert parsed.entries[("cme_total", None)].value == 0
    assert parsed.get("ehe_total") is None and parsed.get("cme_total") == 0


@pytest.mark.parametrize(
    ("raw", "problem", "value"),
    [
        ("ten", TEXT, MISSING),
        ("x", TEXT, MISSING),
        ("-3", NEGATIVE, MISSING),
        ("2.5", FRACTION, MISSING),
        ("7.0", None, 7),
        ("1,234", None, 1234),
        (" 15 ", None, 15),
    ],
)
def test_counts_are_classified_not_guessed(raw, problem, value):
    parsed = read([HEAD, ["886", "p", "ehe_total", "", raw]])
    entry = parsed.entries[("ehe_total", None)]
    assert entry.problem == problem
    assert entry.value == value if value is not MISSING else entry.value is MISSING


def test_columns_are_found_by_name_and_breakdown_is_an_alias():
    parsed = read([["value", "measure", "breakdown", "la_code"], ["4", "ehe_by_sex", "female", "886"]])
    assert parsed.get("ehe_by_sex", "female") == 4


def test_duplicates_are_kept_for_the_rules():
    parsed = read([HEAD, ["886", "p", "ehe_total", "", "1"], ["886", "p", "ehe_total", "", "2"]])
    assert parsed.get("ehe_total") == 1
    assert parsed.duplicates[0][1].row == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        ("la_code,measure\r\n".encode("utf-16"), "UTF-16"),
        (b"\xff\xfe" + "la_code".encode("utf-16-le"), "UTF-16"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"la_code;period;measure;category;value\r\n886;p;ehe_total;;1\r\n", "semicolons"),
        (b"la_code\tperiod\tmeasure\tcategory\tvalue\r\n", "tabs"),
        (b"LA,Measure name,Number\r\n886,x,1\r\n", "column headings"),
        (b'la_code,period,measure,category,value\r\n886,"unterminated\x00\r\n', "Line 2 holds a control character"),
    ],
)
def test_bad_csv_is_refused_with_a_plain_message(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read_return(data, "return.csv")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_is_named_as_utf16_not_binary(encoding):
    data = csv_text([HEAD, ["886", "2025-26-autumn", "ehe_total", "", "12"]]).encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    with pytest.raises(UnreadableFile) as refused:
        read_return(data, "return.csv")
    assert "UTF-16" in refused.value.message and "CSV UTF-8" in refused.value.message
    assert "binary" not in refused.value.message


def test_headings_without_figures_are_refused_like_an_empty_file():
    with pytest.raises(UnreadableFile) as refused:
        read([[*HEAD, "description"]])
    assert "column headings but no figures" in refused.value.message
    with pytest.raises(UnreadableFile, match="column headings but no figures"):
        read([HEAD, [], ["", "", "", "", ""]])  # blank lines are not figures either


def test_the_blank_csv_template_is_refused_as_the_likely_wrong_file():
    from notinschool.periods.specs import load_spec
    from notinschool.validation.return_templates import build_csv_template

    with pytest.raises(UnreadableFile, match="looks like the blank template"):
        read_return(build_csv_template(load_spec("2025-26-autumn"), "886"), "return.csv")


def test_one_figure_is_enough_to_be_checked_even_if_unusable():
    parsed = read([HEAD, ["886", "p", "ehe_total", "", ""], ["886", "p", "cme_total", "", "ten"]])
    assert parsed.entries[("cme_total", None)].problem == TEXT


@pytest.mark.parametrize("name", ["return.csv", "return.xlsx", "return"])
def test_an_empty_file_is_refused_whatever_its_name(name):
    with pytest.raises(UnreadableFile, match="This file is empty"):
        read_return(b"", name)


def test_a_million_rows_is_refused_by_size():
    data = b"la_code,period,measure,category,value\r\n" + b"886,p,ehe_total,,1\r\n" * 1_000_000
    with pytest.raises(UnreadableFile, match="MB"):
        read_return(data, "big.csv")


def test_too_many_lines_under_the_size_limit_is_refused():
    rows = [HEAD] + [["886", "p", "ehe_total", "", "1"]] * (RETURN.max_rows + 5)
    with pytest.raises(UnreadableFile, match="more than 10,000 lines"):
        read(rows)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 hello", "return.pdf", "PDF"),
        (b"\x89PNG\r\n\x1a\nxxxx", "return.csv", "PNG"),
        (b"plain words", "return.docx", "not spreadsheets"),
        (b"la_code,period\r\n", "return.xlsx", "not an Excel workbook"),
    ],
)
def test_not_a_spreadsheet(data, name, message):
    with pytest.raises(UnreadableFile, match=message):
        read_return(data, name)


def test_reading_from_a_path(tmp_path):
    path = tmp_path / "kent.csv"
    path.write_bytes(good_csv())
    assert read_return(path).filename == "kent.csv"
    with pytest.raises(UnreadableFile, match="no file"):
        read_return(tmp_path / "absent.csv")
    with pytest.raises(UnreadableFile, match="folder"):
        read_return(tmp_path)
