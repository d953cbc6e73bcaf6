"""Small synthetic EES files for tests, in each layout DfE has used."""

import io

from notinschool.published.services import import_ees

GEOGRAPHY = (
    "time_period,time_identifier,geographic_level,country_code,country_name,"
    "region_code,region_name,old_la_code,new_la_code,la_name"
)
ENGLAND = "E92000001,England,,,,,"
SOUTH_EAST = "E92000001,England,E12000008,South East,,,"
KENT = "E92000001,England,E12000008,South East,886,E10000016,Kent"
BUCKINGHAMSHIRE_OLD = "E92000001,England,E12000008,South East,825,E10000002,Buckinghamshire"
CUMBRIA = "E92000001,England,E12000002,North West,909,E10000006,Cumbria"
INNER_LONDON = "E92000001,England,E13000001,Inner London,,,"


def csv_text(headings: str, lines: list[str]) -> str:
    return "\n".join([headings, *lines]) + "\n"


def tidy(lines: list[str], *, older: bool = False) -> str:
    """A tidy file: each line is `period,term,level,<geography>,topic,breakdown,count,percent,rate`."""
    values = (
        "filter_group,filter,number,pc,rate"
        if older
        else "breakdown_topic,breakdown,child_count,child_percent,rate_per_100"
    )
    return csv_text(f"{GEOGRAPHY},{values}", lines)


def run_import(text: str | bytes, file_name: str = "ehe_census.csv", **options):
    """Import the text as if it were a file of that name."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_ees(source=io.BytesIO(data), file_name=file_name, **options)
