"""Headers that Django and django-csp do not set themselves."""

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

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


class NoNulMiddleware:
    """Refuse a request holding a NUL character in its address (path or query) or in a field of
    its form: the 400 page, or for the API the same JSON as its other errors.

    No address or field of this service has one, and PostgreSQL's text cannot hold one: a profile's
    address with one, or an LA code sent to the API with one, reached a query that failed as a
    server error. Django's own form fields refuse NUL; views and the API that read the address or
    the form directly did not. Files sent with a form are not fields and may hold any byte."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._holds_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "The request holds a NUL character, which no field may hold."}, status=400
                )
            raise SuspiciousOperation("A request holding a NUL character")
        return self.get_response(request)

    @staticmethod
    def _holds_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method == "POST":
            # Parsed here as the form-token check and the views would parse it: once per request.
            return any(
                "\x00" in key or any("\x00" in value for value in values) for key, values in request.POST.lists()
            )
        return False


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


class SignedInNoStoreMiddleware:
    """Nothing sent to a signed-in person is kept by the browser or a shared cache: return
    pages, reports, downloads and uploaded files hold LA figures or personal data, and a page
    kept on a shared computer outlives the session. A view that sets its own Cache-Control
    keeps it; static files are served before this runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
