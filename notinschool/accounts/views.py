"""Signing in and out, and the second factor."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from notinschool.accounts import two_factor
from notinschool.accounts.backends import SIGN_IN_BACKEND
from notinschool.accounts.forms import ConfirmAuthenticatorForm, SecondFactorForm, SignInForm
from notinschool.accounts.models import Role
from notinschool.accounts.permissions import Permission, must_verify_second_factor, requires
from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.access import public
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary

NEXT_AFTER_SECOND_FACTOR = "notinschool_next"


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The `next` page asked for, if it is on this site; otherwise `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def finish_sign_in(request: HttpRequest, user, *, method: str, next_url: str) -> HttpResponse:
    """Start the session after a password or council sign-in, then ask for the second factor if owed."""
    login(request, user, backend=SIGN_IN_BACKEND)
    audit_record(action=Action.SIGNED_IN, actor=Actor.from_request(request).with_user(user), details={"method": method})
    if must_verify_second_factor(user):
        request.session[NEXT_AFTER_SECOND_FACTOR] = next_url
        return redirect("accounts:two-factor")
    return redirect(next_url)


@public
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with a local account."""
    form = SignInForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            return finish_sign_in(request, form.user, method="password", next_url=safe_next(request))
        if form.credentials_refused:
            audit_record(
                action=Action.SIGN_IN_FAILED, actor=Actor.from_request(request), details={"email": form.attempted_email}
            )
    context = {"form": form, "error_list": error_summary(form), "next": safe_next(request, "")}
    return render(request, "accounts/sign_in.html", context)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this when an email address and IP address pair is locked out."""
    audit_record(
        action=Action.LOCKED_OUT,
        actor=Actor.from_request(request),
        details={"email": request.POST.get("email", "")[:254]},
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request=request)
    message = (
        f"You have tried to sign in too many times. Wait {minutes} minutes, then try again, or reset your password"
    )
    context = {
        "form": form,
        "error_list": [{"text": message, "href": "#id_email"}],
        "lockout_message": message,
        "next": "",
    }
    return render(request, "accounts/sign_in.html", context, status=429)


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session (sign-out is a POST so another site cannot sign people out)."""
    if request.user.is_authenticated:
        audit_record(action=Action.SIGNED_OUT, actor=Actor.from_request(request))
    logout(request)
    return redirect("accounts:signed-out")


@public
@require_http_methods(["GET", "HEAD"])
def signed_out(request: HttpRequest) -> HttpResponse:
    """Confirm the user has signed out."""
    return render(request, "accounts/signed_out.html")


def _after_second_factor(request: HttpRequest) -> HttpResponse:
    return redirect(request.session.pop(NEXT_AFTER_SECOND_FACTOR, None) or "core:home")


@requires(Permission.SET_UP_TWO_FACTOR)
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app (or a backup code) after the password."""
    if request.user.is_verified():
        return _after_second_factor(request)
    if not two_factor.has_confirmed_device(request.user):
        return redirect("accounts:two-factor-set-up")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.second_factor_verify(request=request, code=form.cleaned_data["code"])
        if result.accepted:
            return _after_second_factor(request)
        form.add_error("code", "The code is not right, or was already used. Enter the code your app shows now")
    return render(request, "accounts/two_factor.html", {"form": form, "error_list": error_summary(form)})


@requires(Permission.SET_UP_TWO_FACTOR)
@require_http_methods(["GET", "HEAD", "POST"])
def set_up_two_factor(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app by QR code, confirm it with a code, and get backup codes.

    Someone who already has an authenticator must give a code from it first, so a stolen
    password alone can never replace it.
    """
    if two_factor.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:two-factor")
    device = two_factor.pending_authenticator(request.user)
    form = ConfirmAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.authenticator_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            context = {"codes": codes, "next_url": request.session.pop(NEXT_AFTER_SECOND_FACTOR, None) or "/"}
            return render(request, "accounts/backup_codes.html", context)
        form.add_error("code", "The code is not right. Enter the 6-digit code your authenticator app shows now")
    context = {
        "form": form,
        "error_list": error_summary(form),
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.base32_secret(device),
        "required": request.user.two_factor_required,
    }
    return render(request, "accounts/two_factor_set_up.html", context)


@requires(Permission.MANAGE_OWN_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """See how many backup codes are left, and make a new set (shown once)."""
    if request.method == "POST":
        codes = two_factor.backup_codes_replace(request=request)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": "/accounts/"})
    return redirect("accounts:account")


@requires(Permission.MANAGE_OWN_ACCOUNT)
@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    """Your account: organisation, roles, two-factor, password, and API tokens if you manage them."""
    user = request.user
    context = {
        "roles": [Role(role).label for role in sorted(user.role_set())],
        "has_authenticator": two_factor.has_confirmed_device(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "manages_tokens": bool(user.local_authority_id)
        and user.has_perm(str(Permission.MANAGE_API_TOKENS), user.local_authority),
        "manages_users": user.has_perm(str(Permission.MANAGE_USERS)),
        "manages_council_sign_in": user.has_perm(str(Permission.MANAGE_COUNCIL_SIGN_IN)),
        "views_audit": user.has_perm(str(Permission.VIEW_AUDIT)),
    }
    return render(request, "accounts/account.html", context)
