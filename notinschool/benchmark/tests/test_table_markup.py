"""The dashboard's table rows written in Python: the design system's markup, every text escaped."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from notinschool.benchmark.outputs.table_markup import data_rows, published_rows
from notinschool.benchmark.outputs.tables import Column, Table
from notinschool.benchmark.pages.published_figures import PublishedRow

HOSTILE = '<script>alert("x")</script> & "Sons"'


@dataclass
class _Row:
    code: str
    name: str
    count: int | None
    rate: float | None


def _table() -> Table:
    return Table(
        caption="EHE",
        columns=[
            Column("Local authority", lambda r: r.name),
            Column("Children", lambda r: r.count, numeric=True),
            Column("Rate", lambda r: r.rate, numeric=True),
        ],
        rows=[_Row("886", "Kent", 1234, 1.24), _Row("936", HOSTILE, None, None)],
    )


def test_data_rows_write_a_heading_cell_then_numeric_cells_with_the_pages_formatting():
    html = str(data_rows(_table()))
    first = html.splitlines()[0]
    assert first == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Kent</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1,234</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1.2</td></tr>'
    )
    assert html.count("<tr ") == 2


def test_data_rows_escape_every_text_and_link_and_mark_as_asked():
    html = str(data_rows(_table(), highlight="936", link_las={"886": '/la/886/?a=1&b="2"'}))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; &#34;Sons&#34;" in html
    assert '<a class="govuk-link" href="/la/886/?a=1&amp;b=&#34;2&#34;">Kent</a>' in html
    kent, other = html.splitlines()
    assert "app-highlight-row" in other and "app-highlight-row" not in kent


def test_published_rows_show_what_a_symbol_means_and_where_a_rate_came_from():
    rows = [
        PublishedRow("E92000001", "England", "England", "98,700", "", "1.2", "DfE"),
        PublishedRow("886", "Kent", "In the network", "low", "low: rounds to 0 but is not 0", "0.1", "worked out"),
        PublishedRow("936", HOSTILE, "In the network", "x", "not <available>", "", "no ONS estimate loaded"),
    ]
    england, kent, other = str(published_rows(rows)).splitlines()
    assert england.endswith(
        '<td class="govuk-table__cell govuk-table__cell--numeric">98,700</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">1.2</td></tr>'
    )
    assert 'low<br><span class="govuk-body-s">low: rounds to 0 but is not 0</span>' in kent
    assert '0.1<br><span class="govuk-body-s">worked out from DfE\'s count</span>' in kent
    assert "&lt;script&gt;" in other and "not &lt;available&gt;" in other
    assert 'none<br><span class="govuk-body-s">no ONS estimate loaded</span>' in other


@given(st.text())
def test_data_rows_escape_any_text_as_escaping_every_cell_would(text):
    # Only cells with a character to escape go through the escaper: the rows must not differ.
    table = Table(caption="", columns=[Column("LA", lambda r: r.name), Column("Note", lambda r: r.code)], rows=[])
    table.rows = [_Row(text, text, None, None)]
    escaped = str(escape(text))
    assert str(data_rows(table)) == (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{escaped}</th>'
        f'<td class="govuk-table__cell">{escaped}</td></tr>\n'
    )
