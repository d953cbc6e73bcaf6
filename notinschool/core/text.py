"""Text helpers with no dependency beyond Python, so that every part of the service (the
validation rules included, which never import Django) can share them."""

from decimal import Decimal


def in_sentence(text: str) -> str:
    """A label put inside a sentence: its capitals dropped, except in acronyms and codes
    ("CME children by main reason" stays so; "Children missing education" becomes
    "children missing education"; "Notice of intention to serve an SAO" keeps "SAO")."""
    words = text.split(" ")
    return " ".join(word if _is_acronym(word) else word[:1].lower() + word[1:] for word in words)


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 child', '2 children', '1,234 rows': a count with its noun in the right number."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"


def number_as_written(value: int | float | Decimal | None) -> str:
    """A number as a person writes it: '12' for 12.0, '6.5', '0'; an empty string for no value
    (never '0', which is a value)."""
    if value is None:
        return ""
    return f"{Decimal(str(value)).normalize():f}"


def hours(value: int | float | Decimal | None) -> str:
    """'1 hour', '6.5 hours', '12 hours' (not '12.0 hours'), '0 hours'; an empty string for no
    value."""
    written = number_as_written(value)
    if not written:
        return ""
    return f"{written} {'hour' if written == '1' else 'hours'}"


def how_long(seconds: int) -> str:
    """A length of time as people say it: '1 hour', '90 minutes', '7 days', '45 seconds' (in
    whole days, hours or minutes when it is one, else in the next smaller unit)."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            return counted(seconds // size, unit)
    if seconds >= 60:
        return counted(seconds // 60, "minute")  # a part minute is not worth saying
    return counted(seconds, "second")


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 2


def digits_only(text: str) -> bool:
    """True when ``text`` is one or more of the digits 0 to 9 and nothing else. ``str.isdigit``
    alone also takes "²", which ``int`` refuses, and other scripts' digits, such as "١٢", which
    ``int`` reads as 12: a number in an address, a form or a file is written in 0 to 9."""
    return text.isascii() and text.isdigit()
