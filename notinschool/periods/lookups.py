"""The collection period named in a URL, with a 404 when there is none."""

from django.http import Http404

from notinschool.periods.specs import ReturnSpec, UnknownPeriod, load_spec


def spec_from(period: str) -> ReturnSpec:
    """The return specification for the period in the URL (404 when there is none)."""
    try:
        return load_spec(period)
    except UnknownPeriod as exc:
        raise Http404("No such collection period") from exc
