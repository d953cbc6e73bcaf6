"""Signing in and out."""

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from notinschool.accounts.forms import SignInForm
from notinschool.core.access import public
from notinschool.core.forms import error_summary


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@public
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with a local account."""
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(_safe_next(request))
    context = {"form": form, "error_list": error_summary(form), "next": _safe_next(request)}
    return render(request, "accounts/sign_in.html", context)


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session (sign-out is a POST so another site cannot sign people out)."""
    logout(request)
    return redirect("accounts:signed-out")


@public
@require_http_methods(["GET", "HEAD"])
def signed_out(request: HttpRequest) -> HttpResponse:
    """Confirm the user has signed out."""
    return render(request, "accounts/signed_out.html")
