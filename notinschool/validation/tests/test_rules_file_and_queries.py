from notinschool.intake.report import ERROR, QUERY
from notinschool.periods.specs import load_spec
from notinschool.validation.reading import read_return
from notinschool.validation.return_templates import build_csv_template
from notinschool.validation.tests.rule_helpers import check, codes, only, sample


def test_unknown_la_code():
    (issue,) = only(check(file_la="999"), "FILE-LA-UNKNOWN")
    assert issue.value == "999" and "not an LA code we know" in issue.message
    assert issue.row == 2 and issue.column == "la_code"


def test_no_la_code_at_all():
    (issue,) = only(check(file_la=" "), "FILE-LA-UNKNOWN")
    assert "does not say which LA" in issue.message


def test_one_file_one_la_but_either_code_for_it():
    rows = [("936", "2025-26-autumn", "sao_served", "", "", "1")]
    report = check(extra_rows=rows)
    assert "FILE-LA-MIXED" in codes(report)
    rows = [("E10000016", "2025-26-autumn", "junk", "", "", "")]
    assert "FILE-LA-MIXED" not in codes(check(extra_rows=rows))


def test_wrong_la_for_the_sender():
    (issue,) = only(check(expected_la="936"), "FILE-LA-WRONG")
    assert "Kent" in issue.message and "Surrey" in issue.message
    assert check(expected_la="E10000016").issues == []
    assert check(la="825", expected_la="E10000002").issues == []  # Buckinghamshire's old code


def test_wrong_period_in_the_file():
    (issue,) = only(check(file_period="2024-25-autumn"), "FILE-PERIOD-WRONG")
    assert "2024-25-autumn" in issue.message and issue.severity == ERROR
    (issue,) = only(check(expected_period="2025-26-spring"), "FILE-PERIOD-WRONG")
    assert "this return is for 2025-26-spring" in issue.message
    assert check(file_period="2025-26-Autumn").issues == []


def test_a_period_written_loosely_is_told_how_to_write_it():
    (issue,) = only(check(file_period="Autumn 2025"), "FILE-PERIOD-WRONG")
    assert issue.message.startswith("The period is written 'Autumn 2025'. Write it as 2025-26-autumn")
    assert (issue.row, issue.column, issue.value) == (2, "period", "Autumn 2025")
    (issue,) = only(check(file_period="Autumn 2024"), "FILE-PERIOD-WRONG")
    assert "says it is for 'Autumn 2024', but this return is for 2025-26-autumn" in issue.message


def test_unknown_items_and_duplicates():
    rows = [
        ("886", "2025-26-autumn", "ehe_pets", "", "", "1"),
        ("886", "2025-26-autumn", "ehe_by_sex", "martian", "", "1"),
        ("886", "2025-26-autumn", "ehe_by_sex", "", "", "1"),
    ]
    issues = only(check(extra_rows=rows), "FILE-UNKNOWN-ITEM")
    assert len(issues) == 3
    assert "'ehe_pets' is not a measure" in issues[0].message
    assert "'martian' is not a category" in issues[1].message
    assert "needs a category code" in issues[2].message
    dup = [("886", "2025-26-autumn", "ehe_total", "", "", "5")]
    (issue,) = only(check(extra_rows=dup), "FILE-DUPLICATE-ITEM")
    assert "first at line 2" in issue.message


def previous_of(figures, **changes):
    previous = dict(figures)
    for name, value in changes.items():
        previous[(name, None)] = value
    return previous


def test_ehe_flows_against_stock_need_the_previous_term():
    figures = sample()
    end = figures[("ehe_total", None)]
    flows = figures[("ehe_starts", None)] - figures[("ehe_returns_to_school", None)] - figures[("ehe_left_other", None)]
    consistent = previous_of(figures, ehe_total=end - flows)
    assert check(figures, previous=consistent).issues == []
    gap = previous_of(figures, ehe_total=end - flows - 60)
    (issue,) = only(check(figures, previous=gap), "EHE-FLOW-STOCK")
    assert issue.severity == QUERY and "+60" in issue.message
    assert "moved into the LA" in issue.explanation_needed
    assert check(figures).issues == []  # no previous term: the rule stays silent


def test_ehe_flows_name_the_returns_cell_when_returns_are_used():
    figures = sample()
    flows = figures[("ehe_starts", None)] - figures[("ehe_returns_to_school", None)] - figures[("ehe_left_other", None)]
    gap = previous_of(figures, ehe_total=figures[("ehe_total", None)] - flows - 60)
    (issue,) = only(check(figures, previous=gap), "EHE-FLOW-STOCK")
    parsed = read_return(build_csv_template(load_spec("2025-26-autumn"), "886", figures=figures), "r.csv")
    used = ("ehe_starts", "ehe_left_other", "ehe_returns_to_school")
    assert set(issue.related) == {parsed.entries[(measure, None)].location for measure in used}


def test_ehe_flows_before_returns_were_collected_do_not_count_returned_children_as_a_gap():
    """2023-24 collects no returns to school, and other leavers exclude them: 30 children who
    went back to school leave the total lower than starts and leavers alone explain."""
    period = "2023-24-autumn"
    figures = sample(period)
    end = figures[("ehe_total", None)]
    returned_to_school = 30
    start = end - figures[("ehe_starts", None)] + figures[("ehe_left_other", None)] + returned_to_school
    assert check(figures, period, previous=previous_of(figures, ehe_total=start)).issues == []


def test_ehe_flows_before_returns_were_collected_still_query_a_rise_nothing_explains():
    period = "2023-24-autumn"
    figures = sample(period)
    end = figures[("ehe_total", None)]
    start = end - figures[("ehe_starts", None)] + figures[("ehe_left_other", None)] - 15
    (issue,) = only(check(figures, period, previous=previous_of(figures, ehe_total=start)), "EHE-FLOW-STOCK")
    assert "gives at most" in issue.message and "(+15)" in issue.message
    assert "Returns to school are not given" in issue.message
    assert len(issue.related) == 2  # starts and other leavers: there is no returns cell


def test_large_change_against_the_previous_term():
    figures = sample()
    now = figures[("cme_total", None)]
    previous = {("cme_total", None): now // 3, ("ehe_total", None): figures[("ehe_total", None)]}
    (issue,) = only(check(figures, previous=previous), "TOTAL-CHANGE")
    assert "went from" in issue.message and issue.value == str(now)
    same = {("cme_total", None): now, ("ehe_total", None): figures[("ehe_total", None)]}
    assert check(figures, previous=same).issues == []


def test_change_of_twenty_children_or_fewer_is_not_queried():
    figures = sample()
    figures[("sao_in_force", None)] = 30
    assert check(figures, previous={("sao_in_force", None): 10}).issues == []  # +200%, 20 children
    assert codes(check(figures, previous={("sao_in_force", None): 9})) == ["TOTAL-CHANGE"]


def test_all_cme_reasons_not_recorded_and_half_durations_unknown():
    figures = sample()
    total = figures[("cme_total", None)]
    for key in list(figures):
        if key[0] in ("cme_by_reason", "cme_by_duration"):
            figures[key] = 0
    figures[("cme_by_reason", "not_recorded")] = total
    figures[("cme_by_duration", "unknown")] = total // 2 + 1
    figures[("cme_by_duration", "over_52_weeks")] = total - (total // 2 + 1)
    report = check(figures)
    assert sorted(codes(report)) == ["CME-DURATION-UNKNOWN", "CME-REASON-NOT-RECORDED"]
    assert all(issue.severity == QUERY for issue in report.issues)
    assert "(100%)" in report.issues[1].message or "(100%)" in report.issues[0].message


def test_sao_revoked_beyond_served_and_in_force():
    figures = sample()
    figures[("sao_served", None)] = 2
    figures[("sao_in_force", None)] = 3
    figures[("sao_revoked", None)] = 6
    (issue,) = only(check(figures), "SAO-REVOKED")
    assert "at this census" in issue.message
    (issue,) = only(check(figures, previous={("sao_in_force", None): 1}), "SAO-REVOKED")
    assert "last term's census" in issue.message
    assert check(figures, previous={("sao_in_force", None): 4}).issues == []


def test_sao_served_beyond_notices_needs_the_previous_term():
    figures = sample()
    figures[("s437_notices_served", None)] = 1
    figures[("sao_served", None)] = 5
    figures[("sao_revoked", None)] = 0
    assert check(figures).issues == []
    (issue,) = only(check(figures, previous={("s437_notices_served", None): 2}), "SAO-SERVED-NOTICES")
    assert issue.severity == QUERY
    assert issue.message.startswith("5 SAOs were served, but only 1 s437(1) notice was served this term and 2 last")


def test_sao_messages_are_in_the_right_number_for_one_order():
    figures = sample()
    figures[("s437_notices_served", None)] = 0
    figures[("sao_served", None)] = 1
    figures[("sao_in_force", None)] = 1
    figures[("sao_revoked", None)] = 3
    said = {i.rule_code: i.message for i in check(figures, previous={("s437_notices_served", None): 0}).issues}
    assert said["SAO-SERVED-NOTICES"].startswith("1 SAO was served, but only 0 s437(1) notices were served this term")
    assert said["SAO-REVOKED"].startswith("3 SAOs were revoked, but only 1 was served this term and 1 was in force")


def test_s19_ehcp_cannot_exceed_s19_total_and_referrals_are_checked():
    figures = sample()
    figures[("s19_with_ehcp", None)] = figures[("s19_total", None)] + 1
    (issue,) = only(check(figures), "S19-EHCP-WITHIN")
    assert issue.severity == ERROR
    figures = sample()
    figures[("s19_referrals_accepted", None)] = figures[("s19_referrals_received", None)] + 6
    assert codes(check(figures)) == ["S19-REFERRALS-DECIDED"]


def test_covid_reason_query_applies_until_2023_24_only():
    for period, expected in (("2023-24-autumn", ["EHE-REASON-COVID"]), ("2024-25-autumn", [])):
        figures = sample(period)
        total = figures[("ehe_total", None)]
        for key in list(figures):
            if key[0] == "ehe_by_reason":
                figures[key] = 0
        figures[("ehe_by_reason", "health_covid")] = total
        assert codes(check(figures, period)) == expected
