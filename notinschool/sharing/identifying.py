"""Does a vignette's text look like it identifies a child? A pure check, no database.

Each finding names what it looks like and the exact span of text, so the editor can show it.
The check is deliberately cautious: it warns, the writer decides (ADR 0703).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words that start sentences or name services, roles and places, so a capitalised pair made of
# them is not a person's name. Local authority names are added by the caller.
_ALLOWED_TEXT = """
    a an the he she they his her their it its this that these those then there when where while
    after before during since until following later earlier once at in on of for from to with by
    and but or so as if we our us i my me you your mum mother dad father parent parents carer
    carers child children young person people family families school schools team officer
    officers service services council local authority authorities education elective home
    missing health support plan plans social care worker workers early help lead leads ehe cme
    sao saos ehcp send sen s19 s437 s437(1) notice order attendance fair access panel year term
    autumn spring summer january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday england english
    dfe ofsted nhs camhs gp police virtual head headteacher senco inclusion tutor tuition
    hospital online alternative provision pupil referral unit academy trust primary secondary
    special independent free reception key stage mr mrs ms miss dr no yes one two three four
    """
ALLOWED_WORDS = frozenset(_ALLOWED_TEXT.split())
SCHOOL_WORDS = ("School", "Academy", "College")
STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|place|gardens|grove|"
    "terrace|hill|park|square|mews|row|walk|green|rise|view"
)
MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("A unique pupil number (UPN)", re.compile(r"\b[A-Za-z]\d{12}\b")),
    (
        "A postcode",
        re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE),
    ),
    (
        "A date (it could be a date of birth)",
        re.compile(
            rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
            rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})\.? \d{{4}}"
            rf"|(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b",
            re.IGNORECASE,
        ),
    ),
    ("An address", re.compile(rf"\b\d{{1,4}}[A-Za-z]?,? (?:[A-Z][a-z]+ ){{1,3}}(?:{STREET_WORDS})\b", re.IGNORECASE)),
    (
        "A school name",
        re.compile(r"\b(?:[A-Z][\w'’-]*(?: (?:of|the|and|St\.?|[A-Z][\w'’-]*))*) (?:School|Academy|College)\b"),
    ),
    (
        "An age beside a name",
        re.compile(r"\b[A-Z][a-z]+,? (?:\(?aged? \d{1,2}\)?|\(\d{1,2}\)|\d{1,2}[- ]years?[- ]old)", re.IGNORECASE),
    ),
]
NAME_PAIR = re.compile(r"\b([A-Z][a-z'’-]+) ([A-Z][a-z'’-]+)\b")


@dataclass(frozen=True)
class Finding:
    """Something in the text that might identify a child, and where it is."""

    kind: str
    text: str
    start: int
    end: int


def _allowed(word: str, extra: set[str]) -> bool:
    return word.lower() in ALLOWED_WORDS or word.lower() in extra


def _trim_leading_common_words(start: int, found: str) -> tuple[int, str]:
    """'Then Riverside College' is 'Riverside College': drop sentence words before a school name."""
    while found.count(" ") > 1:
        first, rest = found.split(" ", 1)
        if first.lower() not in ALLOWED_WORDS or first.lower().startswith("st"):
            break
        start, found = start + len(first) + 1, rest
    return start, found


def find_identifying_details(text: str, *, allowed_terms: Iterable[str] = ()) -> list[Finding]:
    """Every span of ``text`` that looks like a name, a date, an address, a postcode, a school,
    an age with a name or a UPN, in order. ``allowed_terms`` (such as LA names) are never names."""
    extra = {word.lower() for term in allowed_terms for word in re.findall(r"[\w'’-]+", term)}
    findings: list[Finding] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if kind == "An age beside a name" and _allowed(match.group(0).split()[0].strip(","), extra):
                continue
            start, found = match.start(), match.group(0)
            if kind == "A school name":
                start, found = _trim_leading_common_words(start, found)
            findings.append(Finding(kind, found, start, match.end()))
    covered = [(f.start, f.end) for f in findings]
    for match in NAME_PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if _allowed(first, extra) or _allowed(second, extra) or second in SCHOOL_WORDS:
            continue
        if any(start <= match.start() < end for start, end in covered):
            continue
        findings.append(Finding("A name", match.group(0), match.start(), match.end()))
    return sorted(findings, key=lambda f: (f.start, f.end))
