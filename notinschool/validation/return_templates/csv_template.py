"""The CSV template: long format, one line per figure."""

import csv
import io
from collections.abc import Mapping

from notinschool.periods.specs.model import Key, ReturnSpec
from notinschool.validation.reading.layout import CSV_HEADINGS
from notinschool.validation.return_templates.common import resolve_la, row_description


def build_csv_template(spec: ReturnSpec, la, *, figures: Mapping[Key, int] | None = None) -> bytes:
    """A CSV template for `la` (an LA or its code) and `spec`'s period: columns la_code,
    period, measure, category, description, value; one line per figure, value blank unless
    `figures` fills it. UTF-8 with a BOM so Excel shows the dashes and apostrophes right."""
    la = resolve_la(la)
    figures = figures or {}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADINGS)
    for key in spec.item_keys():
        value = figures.get(key)
        writer.writerow(
            [
                la.old_code,
                spec.period,
                key[0],
                key[1] or "",
                row_description(spec, key),
                "" if value is None else value,
            ]
        )
    return out.getvalue().encode("utf-8-sig")
