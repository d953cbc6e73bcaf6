"""Values every page's layout needs."""

from django.http import HttpRequest


def service(request: HttpRequest) -> dict:
    """The signed-in user's organisation for the header, and the navigation items."""
    user = getattr(request, "user", None)
    organisation = ""
    if user is not None and user.is_authenticated:
        organisation = user.organisation_name
    return {"organisation_name": organisation}
