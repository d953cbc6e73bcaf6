"""Turning sharing's records into display values, so templates stay dumb."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from notinschool.core.presenters import counted
from notinschool.periods import period_label
from notinschool.sharing.charts import bar_chart_svg
from notinschool.sharing.models import Extract, Release, Survey, SurveyQuestion
from notinschool.sharing.protection import HIDDEN_BEFORE, PROTECTS
from notinschool.sharing.recipients import recipient_label

YES_NO = [("yes", "Yes"), ("no", "No"), ("dont_know", "Don't know")]


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
            result.summary = f"{counted(len(responses), 'LA')} answered; together {number_text(total)}."
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
            result.summary = f"{counted(len(responses), 'LA')} answered; the most common answer was “{most}”."
        results.append(result)
    return results


def release_label(release: Release, *, network=None) -> str:
    """A release in words, such as 'the extract “EHE by sex” for DfE, made 3 March 2026'. Another
    network's extract or share link is named by its network only."""
    when = release.made_at.strftime("%-d %B %Y")
    ours = network is None or release.network_id == network.pk
    if release.kind == Release.Kind.PUBLIC_PAGE:
        return f"the public page of {release.network.name} for {period_label(release.period)}, first shown {when}"
    if release.kind == Release.Kind.SHARE_LINK:
        if not ours:
            return f"a share link from {release.network.name}, made {when}"
        return f"the share link of “{release.extract.title}” for {release.share_link.shared_with}, made {when}"
    if not ours:
        return f"an extract from {release.network.name} for {recipient_label(release.audience)}, made {when}"
    return f"the extract “{release.extract.title}” for {recipient_label(release.audience)}, made {when}"


def _release_url(release: Release, network) -> str | None:
    if release.kind == Release.Kind.PUBLIC_PAGE:
        return reverse("sharing:public-dashboard", args=[release.network.slug, release.period])
    if release.network_id == network.pk:
        return reverse("sharing:extract", args=[network.slug, release.extract_id])
    return None


@dataclass
class HeldNote:
    """A figure of an extract hidden or withheld because of an earlier release, and why: the
    reason as pieces of text, each with a link to the release it names (or None)."""

    where: str
    shown: str
    why: list[tuple[str, str | None]]


def release_notes(extract: Extract) -> list[HeldNote]:
    """The extract's figures hidden or withheld because of what its recipient already held."""
    release = extract.releases.filter(kind=Release.Kind.EXTRACT).first()
    if release is None or not release.notes:
        return []
    ids = {r for note in release.notes for r in note["releases"]}
    ids |= {note["protects_release"] for note in release.notes if note["protects_release"]}
    named = Release.objects.select_related("network", "extract", "share_link").in_bulk(ids)

    def names(numbers) -> list[tuple[str, str | None]]:
        pieces = []
        for i, number in enumerate(numbers):
            if i:
                pieces.append((" and ", None))
            pieces.append(
                (release_label(named[number], network=extract.network), _release_url(named[number], extract.network))
            )
        return pieces

    found = []
    for note in release.notes:
        if note["how"] == HIDDEN_BEFORE:
            why = [("Hidden in ", None), *names(note["releases"]), (", so it stays hidden.", None)]
        elif note["how"] == PROTECTS and note["protects_release"]:
            why = [(f"Hidden so that {note['protects']}, hidden in ", None), *names([note["protects_release"]]),
                   (", cannot be worked out from that release and this extract together.", None)]  # fmt: skip
        elif note["how"] == PROTECTS:
            why = [(f"Hidden so that {note['protects']} cannot be worked out from this extract and ", None),
                   *names(note["releases"]), (".", None)]  # fmt: skip
        else:
            why = [("Withheld: together with ", None), *names(note["releases"]),
                   (", they would let a hidden figure be worked out.", None)]  # fmt: skip
        found.append(HeldNote(note["where"], "x" if note["how"] == "withheld" else "c", why))
    return found
