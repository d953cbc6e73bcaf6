"""Bad input: each refused with a clear message and nothing kept, or (an unknown LA) listed."""

import pytest

from notinschool.published.models import PublishedFigure, PublishedRelease
from notinschool.published.reading import ImportRefused
from notinschool.published.tests.builders import ENGLAND, GEOGRAPHY, KENT, csv_text, run_import, tidy

AUTUMN = "202425,Autumn term"
GOOD_ROWS = [
    f"{AUTUMN},National,{ENGLAND},Total,Total,80900,100,",
    f"{AUTUMN},Local authority,{KENT},Total,Total,2870,100,",
]


def refused(text, file_name="ehe_census.csv", **options) -> str:
    with pytest.raises(ImportRefused) as refusal:
        run_import(text, file_name, **options)
    assert PublishedRelease.objects.count() == 0 and PublishedFigure.objects.count() == 0
    return " ".join(refusal.value.problems)


@pytest.mark.django_db
def test_a_file_that_is_not_an_ees_file(places):
    message = refused("la,name,children\n886,Kent,12\n")
    assert "not an Explore Education Statistics file" in message and "time_period" in message


@pytest.mark.django_db
def test_a_truncated_file(places):
    text = tidy(GOOD_ROWS).rstrip("\n")
    cut = text[: text.rindex(",Total,2870")]
    message = refused(cut)
    assert "line 3 has 11 values where the headings have 15" in message and "cut short" in message


@pytest.mark.django_db
def test_a_file_cut_inside_a_quoted_value(places):
    message = refused(tidy(GOOD_ROWS) + f'{AUTUMN},Local authority,{KENT},Reason,"Other')
    assert "cannot be read as CSV" in message and "cut short" in message


@pytest.mark.django_db
def test_an_unknown_column_is_named_and_the_rest_imported(places):
    text = csv_text(f"{GEOGRAPHY},ehe_census_date,ehe_nonbinary", [f"{AUTUMN},National,{ENGLAND},80900,10"])
    report = run_import(text)
    assert report.unknown_columns == ["ehe_nonbinary"] and report.figures_imported == 1
    assert PublishedFigure.objects.get().value == 80_900  # nothing was made of the 10
    release = PublishedRelease.objects.get()
    assert release.report["unknown_columns"] == ["ehe_nonbinary"]
    assert any("ehe_nonbinary" in line and "Nothing was guessed" in line for line in report.lines())


@pytest.mark.django_db
def test_an_unknown_breakdown_is_named_and_the_rest_imported(places):
    report = run_import(tidy([*GOOD_ROWS, f"{AUTUMN},National,{ENGLAND},Sex,Non-binary,10,0,"]))
    assert report.unknown_breakdowns == ["Sex: Non-binary"] and report.figures_imported == 2
    assert not PublishedFigure.objects.filter(measure="ehe_by_sex").exists()


@pytest.mark.django_db
def test_a_file_of_only_unknown_columns_is_refused(places):
    text = csv_text(f"{GEOGRAPHY},ehe_nonbinary", [f"{AUTUMN},National,{ENGLAND},10"])
    assert "no columns of figures the service imports" in refused(text, "ehe_census.csv", publication="ehe_census")


@pytest.mark.django_db
def test_an_unknown_la_code_is_listed_not_an_error(places):
    unknown = "E92000001,England,E12000008,South East,999,E99999999,Nowhere"
    report = run_import(tidy([*GOOD_ROWS, f"{AUTUMN},Local authority,{unknown},Total,Total,10,100,"]))
    assert report.figures_imported == 2 and report.unplaced_count == 1
    row = report.unplaced[0]
    assert (row.line, row.old_la_code, row.new_la_code, row.name) == (4, "999", "E99999999", "Nowhere")
    assert "not known LA codes" in row.reason
    stored = PublishedRelease.objects.get().report
    assert stored["unplaced_count"] == 1 and stored["unplaced"][0]["line"] == 4


@pytest.mark.django_db
def test_other_geographic_levels_are_listed_as_unplaced(places):
    district = f"{AUTUMN},Local authority district,{KENT},Total,Total,10,100,"
    report = run_import(tidy([*GOOD_ROWS, district]))
    assert report.unplaced_count == 1 and "geographic level" in report.unplaced[0].reason


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_bom_or_windows_1252_file_is_read(places, encoding):
    text = tidy(
        [
            f"{AUTUMN},National,{ENGLAND},Total,Total,80900,100,",
            f"{AUTUMN},Local authority,E92000001,England,E12000008,South East,886,E10000016,Kent – “east”,"
            "Total,Total,2870,100,",
        ]
    )
    report = run_import(text.encode(encoding))
    assert report.figures_imported == 2


@pytest.mark.django_db
def test_duplicate_rows_are_refused_naming_the_lines(places):
    message = refused(tidy([*GOOD_ROWS, GOOD_ROWS[1]]))
    assert "lines 3 and 4 both give ehe_total (total) for 886" in message


@pytest.mark.django_db
def test_two_codes_for_one_la_are_duplicates_too(places):
    old_code = "E92000001,England,E12000008,South East,825,E10000002,Buckinghamshire"
    new_code = "E92000001,England,E12000008,South East,825,E06000060,Buckinghamshire"
    message = refused(
        tidy(
            [
                f"{AUTUMN},Local authority,{old_code},Total,Total,910,100,",
                f"{AUTUMN},Local authority,{new_code},Total,Total,910,100,",
            ]
        )
    )
    assert "lines 2 and 3" in message


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n\r\n"])
def test_an_empty_file(places, content):
    assert "empty" in refused(content)


@pytest.mark.django_db
def test_headings_without_rows(places):
    assert "no rows" in refused(tidy([]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4,  # an xlsx
        b"%PDF-1.7\n" + bytes(range(1, 32)) * 200,
        b"\xff\xfet\x00i\x00m\x00e\x00",  # UTF-16
    ],
)
def test_a_binary_file(places, content):
    message = refused(content)
    assert "binary" in message or "UTF-16" in message


@pytest.mark.django_db
def test_a_value_that_is_not_a_number_or_symbol(places):
    message = refused(tidy([*GOOD_ROWS, f"{AUTUMN},National,{ENGLAND},Sex,Female,about 40000,50,"]))
    assert "line 4, column child_count: 'about 40000' is neither a number nor one of DfE's symbols" in message
    assert "Import the file as DfE published it" in message  # and what to do about it


@pytest.mark.django_db
def test_a_period_that_is_not_an_academic_year(places):
    message = refused(tidy([f"2024,Autumn term,National,{ENGLAND},Total,Total,80900,100,"]))
    assert "time_period '2024'" in message
    message = refused(tidy([f"202425,Week 3,National,{ENGLAND},Total,Total,80900,100,"]))
    assert "time_identifier 'Week 3'" in message


@pytest.mark.django_db
def test_a_tidy_file_whose_statistics_cannot_be_told(places):
    assert "Say which statistics" in refused(tidy(GOOD_ROWS), "download.csv")


@pytest.mark.django_db
def test_many_problems_are_capped_with_a_count(places):
    rows = [f"{AUTUMN},National,{ENGLAND},Total,Total,n{i},100," for i in range(30)]
    message = refused(tidy(rows))
    assert "…and 10 more problems" in message


@pytest.mark.django_db
def test_a_failure_late_in_the_file_keeps_nothing_already_written(places, monkeypatch):
    from notinschool.published import services
    from notinschool.published.writing import FigureWriter

    monkeypatch.setattr(services, "BATCH_SIZE", 100)
    rows = [
        f"{year}{(year + 1) % 100:02d},{term} term,Local authority,{KENT},Year group,Year {n},10,0,"
        for year in range(1990, 2020)
        for term in ("Autumn", "Spring", "Summer")
        for n in range(1, 12)
    ]
    written = []
    original = FigureWriter.write
    monkeypatch.setattr(FigureWriter, "write", lambda self, batch: written.append(len(batch)) or original(self, batch))
    with pytest.raises(ImportRefused):
        run_import(tidy([*rows, rows[0]]))
    assert sum(written) >= 900  # batches were written before the duplicate at the end was found...
    assert PublishedFigure.objects.count() == 0 and PublishedRelease.objects.count() == 0  # ...and rolled back


@pytest.mark.django_db
def test_each_problem_is_a_report_issue_with_its_code_line_and_column(places):
    bad = f"{AUTUMN},National,{ENGLAND},Sex,Female,about 40000,50,"
    with pytest.raises(ImportRefused) as refusal:
        run_import(tidy([*GOOD_ROWS, bad, GOOD_ROWS[1]]))
    found = [(issue.rule_code, issue.row, issue.severity) for issue in refusal.value.issues]
    assert found == [("ROW-VALUE", 4, "error"), ("ROW-DUPLICATE", 5, "error")]
    report = refusal.value.report("ehe_census.csv")
    assert report.filename == "ehe_census.csv" and len(report.errors) == 2


@pytest.mark.django_db
def test_a_file_the_intake_refuses_keeps_the_intakes_code(places):
    with pytest.raises(ImportRefused) as refusal:
        run_import(tidy(GOOD_ROWS) + "202425,Autumn term,National,A\x00B\n")
    assert [issue.rule_code for issue in refusal.value.issues] == ["FILE-CONTROL-CHARACTER"]
    assert refusal.value.issues[0].row == 4


def test_counts_past_what_is_shown_are_said_in_the_right_number():
    """One row or problem past those listed is 'one more row', not 'rows'."""
    from notinschool.intake.report import PROBLEMS_SHOWN, FileRefused
    from notinschool.published.report import ImportReport, UnplacedRow

    report = ImportReport(file_name="f.csv", content_hash="0" * 64)
    for line in range(51):
        report.add_unplaced(UnplacedRow(line, "Local authority", "999", "", "Nowhere", "no such LA"))
    assert "  …and 1 more unplaced row" in report.lines()
    report.add_unplaced(UnplacedRow(52, "Local authority", "998", "", "Nowhere", "no such LA"))
    assert "  …and 2 more unplaced rows" in report.lines()
    refused = FileRefused([f"problem {n}" for n in range(PROBLEMS_SHOWN + 1)])
    assert refused.problems[-1] == "…and 1 more problem"
    assert FileRefused([f"problem {n}" for n in range(PROBLEMS_SHOWN + 2)]).problems[-1] == "…and 2 more problems"
