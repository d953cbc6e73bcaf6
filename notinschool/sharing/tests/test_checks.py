"""Pure checks: identifying details in vignettes, uploaded papers, bar charts."""

import io
import zipfile

import pytest

from notinschool.sharing.charts import bar_chart_svg
from notinschool.sharing.identifying import find_identifying_details
from notinschool.sharing.paper_check import MAX_BYTES, PaperRefused, check_paper

KENT = ["Kent", "Medway", "Brighton and Hove"]


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_identifying_details(text, allowed_terms=KENT)]


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("We met Jack Smith at home.", "A name", "Jack Smith"),
        ("Born 03/04/2015 in the area.", "A date (it could be a date of birth)", "03/04/2015"),
        ("Born on 3 March 2015.", "A date (it could be a date of birth)", "3 March 2015"),
        ("The family lived at 12 Acacia Avenue.", "An address", "12 Acacia Avenue"),
        ("Moved to ME4 4QR last year.", "A postcode", "ME4 4QR"),
        ("She left Oakwood Primary School in May.", "A school name", "Oakwood Primary School"),
        ("He went to Hilltop Academy.", "A school name", "Hilltop Academy"),
        ("Then Riverside College offered a place.", "A school name", "Riverside College"),
        ("Jack, aged 9, was home educated.", "An age beside a name", "Jack, aged 9"),
        ("UPN A123456789012 was on the CTF.", "A unique pupil number (UPN)", "A123456789012"),
    ],
)
def test_each_kind_of_identifying_detail_is_found_with_its_span(text, kind, span):
    findings = find_identifying_details(text, allowed_terms=KENT)
    match = [f for f in findings if f.kind == kind]
    assert match, findings
    assert match[0].text == span
    assert text[match[0].start : match[0].end] == span


def test_anonymised_stories_with_la_names_and_common_words_pass():
    text = (
        "A Year 8 pupil in Kent was withdrawn to home education after bullying. The EHE team and "
        "Early Help visited in March. Brighton and Hove's inclusion lead offered a place; the pupil returned."
    )
    assert kinds(text) == []


def test_findings_are_in_text_order():
    findings = find_identifying_details("Jack Smith lives at ME4 4QR since 01/01/2020.")
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def docx(parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


MACRO_TYPES = b"<Types ContentType='application/vnd.ms-word.document.macroEnabled.main+xml'/>"
GOOD_DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def test_a_pdf_and_a_docx_pass_with_type_size_and_hash():
    pdf = check_paper(b"%PDF-1.7\n...")
    assert pdf.file_type == "pdf" and pdf.size == 12 and len(pdf.sha256) == 64
    assert check_paper(docx(GOOD_DOCX)).file_type == "docx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 100, "must be a PDF or a Word document"),  # a renamed .exe
        (b"just some text pretending to be a pdf", "must be a PDF or a Word document"),
        (docx({**GOOD_DOCX, "word/vbaProject.bin": b"macro"}), "contains macros"),
        (
            docx(
                {
                    "[Content_Types].xml": MACRO_TYPES,
                    "word/document.xml": b"<w:document/>",
                }
            ),
            "contains macros",
        ),
        (docx({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "not a Word document"),
        (docx({**GOOD_DOCX, "word/media/bomb.bin": b"\x00" * 5_000_000}), "expands"),
        (b"PK\x03\x04broken", "damaged"),
    ],
)
def test_wrong_files_are_refused_with_a_reason(data, message):
    with pytest.raises(PaperRefused, match=message):
        check_paper(data)


def test_an_oversized_file_is_refused():
    with pytest.raises(PaperRefused, match="smaller than 20 MB"):
        check_paper(b"%PDF-" + b"0" * MAX_BYTES)


def test_bar_chart_is_escaped_svg_with_a_text_alternative():
    svg = bar_chart_svg(title="FTE <by LA>", bars=[("Kent & Medway", 2.5), ("Surrey", None), ("Slough", 1)])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "FTE &lt;by LA&gt;" in svg and "Kent &amp; Medway: 2.5" in svg and "Surrey: no answer" in svg
    assert svg.count("<rect") == 2
