"""Whether a typed explanation of a query says something (ADR 0311).

A query asks the LA *why* a figure looks unusual. An explanation is refused when it is too
short, when it only says the figures are right ("These figures are correct as sent."), or when
it only repeats the query's own words. What counts is the words left once the common words of
English and the words of bare assurance are taken out: at least three different ones, and at
least one that the query itself did not use. The check is plain and predictable on purpose, so
the message can say exactly what is missing; the coordinator's review catches the rest.
"""

import re

MIN_EXPLANATION_LENGTH = 20
MIN_MEANINGFUL_WORDS = 3

# Words that carry no reason on their own: grammar, and the vocabulary of "it is right".
_EMPTY_WORDS_TEXT = """
a about above after again all also am an and any are as at be been being before but by can
could did do does done for from had has have having he her here hers him his how i if in into
is it its itself just me more most my no nor not now of off on once only or other our ours out
over own same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why
will with would you your yours yes ok okay please thanks thank
figure figures number numbers count counts data value values return returns
correct correctly right accurate accurately true valid fine checked check checks confirmed
confirm confirms verified verify sent submitted entered reported recorded stated given
provided shown above below query queries item items cell cells total totals
"""
_EMPTY_WORDS = frozenset(_EMPTY_WORDS_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def meaningful_words(text: str) -> set[str]:
    """The distinct words of `text` that say something, lower case."""
    return {word for word in _WORD.findall(text.lower()) if word not in _EMPTY_WORDS and len(word) > 1}


def explanation_problem(text: str, query: dict) -> str | None:
    """Why `text` does not explain `query` (an issue as stored in a report), or None when it
    does. Messages are short, as GOV.UK error messages are: the page shows the rule's own advice
    on what to write beside the box."""
    text = text.strip()
    if not text:
        return "Enter an explanation"
    if len(text) < MIN_EXPLANATION_LENGTH:
        return f"Explanation must be {MIN_EXPLANATION_LENGTH} characters or more"
    words = meaningful_words(text)
    if len(words) < MIN_MEANINGFUL_WORDS:
        return "Say why the figure is what it is, not only that it is correct"
    asked = meaningful_words(f"{query.get('message', '')} {query.get('explanation_needed') or ''}")
    if not words - asked:
        return "Say what happened at your local authority in your own words, not the words of the query"
    return None
