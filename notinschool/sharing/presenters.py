"""Turning sharing's records into display values, so templates stay dumb."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from notinschool.sharing.charts import bar_chart_svg
from notinschool.sharing.models import Survey, SurveyQuestion

YES_NO = [("yes", "Yes"), ("no", "No"), ("dont_know", "Don't know")]


def period_label(period: str) -> str:
    """'2025-26-autumn' as 'Autumn term 2025/26'."""
    start, end, term = period.split("-")
    return f"{term.capitalize()} term {start}/{end}"


def number_text(value) -> str:
    """A number with thousands separators and no trailing zeros."""
    if value is None:
        return "No answer"
    number = Decimal(str(value))
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number != number.to_integral_value() else f"{int(number):,}"


def option_labels(question: SurveyQuestion) -> list[tuple[str, str]]:
    """The answers a yes/no or choice question offers, as (value, label)."""
    if question.kind == SurveyQuestion.Kind.YES_NO:
        return YES_NO
    return [(choice, choice) for choice in question.choices]


@dataclass
class QuestionResult:
    """One question's results: a table (and a chart, for numbers and choices)."""

    question: SurveyQuestion
    heading: list[str]
    rows: list[list[str]]
    chart_svg: str = ""
    summary: str = ""
    notes: list[str] = field(default_factory=list)


def _number(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def survey_results(survey: Survey, *, previous: Survey | None = None) -> list[QuestionResult]:
    """Each question's results; numbers compared with the same question in ``previous``."""
    responses = list(survey.responses.select_related("local_authority"))
    earlier = {}
    if previous is not None:
        earlier = {r.local_authority.old_code: r.answers for r in previous.responses.select_related("local_authority")}
    results = []
    for question in survey.questions.all():
        if question.kind == SurveyQuestion.Kind.NUMBER:
            rows, bars, total = [], [], Decimal(0)
            for response in responses:
                value = _number(response.answers.get(question.code))
                before = _number(earlier.get(response.local_authority.old_code, {}).get(question.code))
                total += value or 0
                row = [response.local_authority.name, number_text(value)]
                if previous is not None:
                    row.insert(1, number_text(before))
                rows.append(row)
                bars.append((response.local_authority.name, float(value) if value is not None else None))
            heading = ["Local authority", survey.year]
            if previous is not None:
                heading.insert(1, previous.year)
            result = QuestionResult(question, heading, rows)
            result.chart_svg = bar_chart_svg(title=f"{question.text}, {survey.year}, by local authority", bars=bars)
            result.summary = f"{len(responses)} LAs answered; together {number_text(total)}."
        elif question.kind == SurveyQuestion.Kind.TEXT:
            rows = [[r.local_authority.name, r.answers.get(question.code) or "No answer"] for r in responses]
            result = QuestionResult(question, ["Local authority", "Answer"], rows)
        else:
            options = option_labels(question)
            counts = {value: 0 for value, _ in options}
            for response in responses:
                answer = response.answers.get(question.code)
                if answer in counts:
                    counts[answer] += 1
            rows = [[label, str(counts[value])] for value, label in options]
            result = QuestionResult(question, ["Answer", "Number of LAs"], rows)
            result.chart_svg = bar_chart_svg(
                title=f"{question.text}: number of LAs giving each answer",
                bars=[(label, counts[v]) for v, label in options],
            )
            most = max(options, key=lambda o: counts[o[0]])[1] if options else ""
            result.summary = f"{len(responses)} LAs answered; the most common answer was “{most}”."
        results.append(result)
    return results
