"""The demo register: fast, repeatable, fake, and its generated return validates."""

import datetime
import time

import pytest

from notinschool.register import demo
from notinschool.register.services import ReturnDates, return_generate
from notinschool.returns.services.versions import parsed_from_figures
from notinschool.validation.engine import validate
from notinschool.validation.issues import ERROR
from notinschool.validation.specs import load_spec

pytestmark = pytest.mark.django_db


def test_demo_register_loads_fast_twice_and_validates(kent):
    started = time.perf_counter()
    demo.load()
    demo.load()
    assert time.perf_counter() - started < 10  # two loads; one is well under 5 s
    assert kent.children.count() == demo.CHILDREN
    assert all(c.local_reference.startswith("DEMO-") for c in kent.children.all())
    period = "2025-26-autumn"
    dates = ReturnDates(census_date=datetime.date(2025, 10, 2), term_start=datetime.date(2025, 5, 16))
    generated = return_generate(kent, period, dates)
    assert generated.figures[("ehe_total", None)] > 20
    report = validate(parsed_from_figures("demo", generated.figures, "886", period), load_spec(period))
    assert [i.message for i in report.issues if i.severity == ERROR] == []
