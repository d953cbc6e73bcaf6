"""How django-axes names a sign-in attempt, and what happens when it locks one out."""

from django.http import HttpRequest


def username_of_attempt(request: HttpRequest, credentials: dict | None) -> str:
    """The email address tried, lower-cased so that "Kim@Kent" and "kim@kent" count together."""
    value = (credentials or {}).get("username") or request.POST.get("email", "")
    return str(value).strip().lower()[:254]
