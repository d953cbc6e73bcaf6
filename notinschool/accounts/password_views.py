"""Forgotten and changed passwords. A reset never signs anyone in, so two-factor still applies."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods

from notinschool.accounts import selectors, services
from notinschool.accounts.forms import ChangePasswordForm, EmailForm, NewPasswordForm
from notinschool.accounts.models import User
from notinschool.accounts.notifications import PASSWORD_RESET
from notinschool.accounts.permissions import Permission, requires
from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.access import public
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.core.text import how_long
from notinschool.notifications.services import notify


@public
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = selectors.active_user_by_email(email)
        lasts = how_long(settings.PASSWORD_RESET_TIMEOUT)
        if user is not None and user.has_usable_password():
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            link = request.build_absolute_uri(reverse("accounts:password-reset-confirm", args=[uid, token]))
            notify(
                kind=PASSWORD_RESET.code,
                recipients=[user.email],
                context={"link": link, "lasts": lasts},
                actor=Actor.from_request(request),
                idempotency_key=f"{PASSWORD_RESET.code}:{uuid.uuid4()}",
                keep_body=False,
            )
            audit_record(action=Action.PASSWORD_RESET_REQUESTED, actor=Actor.from_request(request).with_user(user))
        return render(request, "accounts/password_reset_sent.html", {"email": email, "lasts": lasts})
    return render(request, "accounts/password_reset.html", {"form": form, "error_list": error_summary(form)})


def _user_from_link(uidb64: str, token: str) -> User | None:
    try:
        user = selectors.active_user_by_id(int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError):
        return None
    return user if user is not None and default_token_generator.check_token(user, token) else None


@public
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Choose a new password from the emailed link; then sign in as usual, second factor included."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "accounts/password_reset_unusable.html", status=400)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            actor=Actor.from_request(request), user=user, new_password=form.cleaned_data["new_password"]
        )
        messages.success(request, "Your password has been changed. Sign in with your new password.")
        return redirect("accounts:sign-in")
    return render(request, "accounts/password_new.html", {"form": form, "error_list": error_summary(form)})


@requires(Permission.MANAGE_OWN_ACCOUNT)
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change your password; your other sessions end."""
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.password_change(
            actor=Actor.from_request(request),
            user=request.user,
            new_password=form.cleaned_data["new_password"],
            keep_session_key=request.session.session_key,
        )
        update_session_auth_hash(request, request.user)  # this session carries on
        messages.success(request, "Your password has been changed. You have been signed out everywhere else.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form, "error_list": error_summary(form)})
