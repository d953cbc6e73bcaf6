"""The demo register: Kent's size, believable, fast, and the return generated from it is the
return the demo gives Kent, raising no query the demo itself caused."""

import pytest

from notinschool.periods import previous_period
from notinschool.periods.specs import load_spec
from notinschool.published import demo as published_demo
from notinschool.register import demo
from notinschool.register.services import ReturnDates, return_generate
from notinschool.returns.demo import la_demo_figures
from notinschool.returns.services.versions import children_aged_5_to_16, parsed_from_figures
from notinschool.validation.engine import validate

pytestmark = pytest.mark.django_db

# The stock and flow figures that must be the demo's exactly; breakdowns are compared whole.
SAME_AS_THE_DEMO = (
    "ehe_total", "ehe_by_sex", "ehe_by_year_group", "ehe_by_reason", "ehe_returns_to_school",
    "ehe_returns_by_school_type", "ehe_left_other", "cme_total", "cme_by_sex", "cme_by_year_group",
    "cme_by_duration", "cme_by_reason", "s19_total", "s19_by_provision_type", "s19_by_hours", "s19_with_ehcp",
    "s19_referrals_received", "s19_referrals_accepted", "s19_referrals_declined", "s19_provision_started",
    "s19_median_days_to_provision", "s19_reintegrated", "s437_notices_served", "sao_intention_notices",
    "sao_served", "sao_revoked", "sao_in_force", "s443_prosecutions",
)  # fmt: skip


@pytest.fixture
def dfe_figures(kent):
    """DfE's published figures, which the demo's returns (and so its register) are shaped from."""
    published_demo.load()


def _generated(kent):
    census, term_start = demo.census_dates()
    return return_generate(kent, demo.PERIOD, ReturnDates(census_date=census, term_start=term_start))


def test_kents_return_from_the_demo_register_is_the_demos_and_raises_nothing(kent, dfe_figures):
    demo.load()
    first = kent.children.count()
    demo.load()  # loading it again replaces the demo register: nothing is counted twice
    assert kent.children.count() == first
    generated = _generated(kent)
    wanted = la_demo_figures(kent, demo.PERIOD)
    for key, value in wanted.items():
        if key[0] in SAME_AS_THE_DEMO:
            assert generated.figures.get(key) == value, key
    assert generated.problems == []
    previous = la_demo_figures(kent, previous_period(demo.PERIOD))
    report = validate(
        parsed_from_figures("register", generated.figures, "886", demo.PERIOD),
        load_spec(demo.PERIOD),
        expected_la="886",
        expected_period=demo.PERIOD,
        previous=previous,
        population=children_aged_5_to_16(kent, demo.PERIOD),
    )
    # Errors and queries alike: none. (Last term's total plus the term's flows gives this term's
    # total, SAOs served follow notices, and nothing is "unknown" more than DfE's figures are.)
    assert [(issue.rule_code, issue.message) for issue in report.issues] == []


def test_the_demo_register_is_kents_size_and_believable(kent, dfe_figures):
    made = demo.load()
    children = kent.children.count()
    assert "synthetic children" in made[0]
    figures = la_demo_figures(kent, demo.PERIOD)
    at_census = sum(figures[(measure, None)] for measure in ("ehe_total", "cme_total", "s19_total"))
    assert at_census <= children < at_census * 1.3
    assert all(c.startswith(demo.PREFIX) for c in kent.children.values_list("local_reference", flat=True))
    unknown_sex = kent.children.filter(sex="unknown").count()
    assert unknown_sex < children * 0.01
    generated = _generated(kent)
    # School years as DfE's figures have them: more home education in secondary than primary.
    ehe = {category: generated.figures[("ehe_by_year_group", category)] for category in ("year_1", "year_10")}
    assert ehe["year_10"] > 2 * ehe["year_1"]


def test_only_a_home_educated_childs_parent_educates_them_for_the_hours_estimated(kent, dfe_figures):
    from django.db.models import Sum

    from notinschool.register.models import Episode, Parent
    from notinschool.register.tenancy import scoped

    demo.load()
    with scoped(kent):
        home_educated = set(Episode.objects.filter(child__local_authority=kent, kind="ehe").values_list("child_id"))
        educating = set(Parent.objects.filter(child__local_authority=kent, educates_child=True).values_list("child_id"))
        assert educating and educating <= home_educated
        episodes = Episode.objects.filter(
            child__local_authority=kent, kind="ehe", hours_by_parents__isnull=False
        ).select_related("child")[:200]
        assert episodes
        for episode in episodes:
            by_parents = episode.child.parents.filter(educates_child=True).aggregate(hours=Sum("hours_educating"))
            assert by_parents["hours"] == episode.hours_by_parents, episode.child.local_reference
