"""Headers that Django and django-csp do not set themselves."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

# Nothing in the service needs these browser features; saying so stops injected content using them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PermissionsPolicyMiddleware:
    """Add a Permissions-Policy header to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class APIMethodNotAllowedMiddleware:
    """The API answers a wrong method in JSON, like every other API error, not in HTML."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            allowed = response.get("Allow", "")
            response = JsonResponse({"detail": f"Method not allowed. Use {allowed}."}, status=405)
            response["Allow"] = allowed
        return response
