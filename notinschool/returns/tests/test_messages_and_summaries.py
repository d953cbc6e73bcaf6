"""Messages name cells as the template does and keep acronyms; comparisons list differences
first; the network's home counts every state of return, adding up to its LAs."""

import io

import openpyxl
import pytest

from notinschool.core.presenters import in_sentence
from notinschool.periods.specs import load_spec
from notinschool.places.selectors import la_by_code
from notinschool.returns import services
from notinschool.returns.tests.factories import PERIOD, filled_xlsx, good_figures
from notinschool.returns.tests.test_pages import sign_in
from notinschool.returns.tests.test_status import kent, store, with_query  # noqa: F401 - kent is a fixture
from notinschool.validation.return_templates import build_xlsx_template


def test_labels_in_sentences_keep_acronyms():
    assert in_sentence("CME children by main reason") == "CME children by main reason"
    assert in_sentence("Notice of intention to serve an SAO") == "notice of intention to serve an SAO"
    assert in_sentence("Not recorded") == "not recorded"
    assert in_sentence("EHE") == "EHE"


@pytest.mark.django_db
def test_typed_figures_are_reported_at_the_cell_the_template_holds_them_in(kent):  # noqa: F811
    figures = with_query(good_figures())
    typed = services.version_create_from_figures(la=kent, period=PERIOD, figures=figures).version
    query = next(i for i in typed.report["issues"] if i["severity"] == "query")
    assert "CME" in query["message"] and "in cme" not in query["message"]
    sheet, cell = query["where"].split("!")
    workbook = openpyxl.load_workbook(io.BytesIO(build_xlsx_template(load_spec(PERIOD), "886")))
    row = workbook[sheet][cell].row
    assert workbook[sheet].cell(row, 1).value == "cme_by_reason"
    assert workbook[sheet].cell(row, 2).value == "not_recorded"
    # The same query from an uploaded template names the same cell.
    uploaded = services.version_create_from_file(
        la=la_by_code("936"), period=PERIOD, data=filled_xlsx("936", figures=figures), filename="s.xlsx"
    ).version
    assert [i["where"] for i in uploaded.report["issues"] if i["severity"] == "query"] == [query["where"]]


@pytest.mark.django_db
def test_comparing_versions_lists_the_differences_first(client, kent):  # noqa: F811
    first = store(kent).version
    changed = good_figures()
    changed[("ehe_total", None)] += 1
    changed[("ehe_by_sex", "female")] += 1
    store(kent, changed)
    sign_in(client, "contributor@kent.example")
    html = client.get(f"/returns/886/{PERIOD}/versions/2/compare/{first.number}/").content.decode()
    differences = html.split('id="changed-figures"')[1].split("</table>")[0]
    assert differences.count('<tr class="govuk-table__row app-row--changed">') == 2
    assert "EHE children by sex: Female" in differences
    assert "<strong>+1</strong>" in differences  # version 2 against version 1
    assert html.index("The figures that differ") < html.index("Every figure in the two versions")


@pytest.mark.django_db
def test_network_home_counts_every_state_adding_up_to_its_las(client, kent):  # noqa: F811
    record = store(kent).version.return_record
    services.return_submit(record=record, tell=False)
    services.return_send_back(record=record, reason="Check the EHE starts", tell=False)
    services.version_create_from_figures(la=la_by_code("936"), period=PERIOD, figures=good_figures(seed=3))  # a draft
    sign_in(client, "coordinator@south-east.example")
    html = client.get("/networks/south-east/").content.decode()
    rows = html.split("app-status-summary")[1].split("</table>")[0]
    counts = {}
    for part in rows.split('data-state="')[1:]:
        state = part.split('"')[0]
        counts[state] = int(part.split('govuk-table__cell--numeric">')[1].split("<")[0])
    assert counts["sent_back"] == 1 and counts["draft"] == 1
    assert set(counts) == {"approved", "submitted", "sent_back", "reopened", "has_errors", "draft", "not_started"}
    assert sum(counts.values()) == 19
    assert "<strong>19</strong>" in rows
