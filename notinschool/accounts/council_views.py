"""Pages for council sign-in: starting it, the provider's return, and the administrator's settings."""

from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notinschool.accounts import council, selectors, services
from notinschool.accounts.admin_forms import CouncilSignInForm
from notinschool.accounts.forms import EmailForm
from notinschool.accounts.permissions import Permission, requires
from notinschool.accounts.selectors import council_sign_in_for_email
from notinschool.accounts.views import finish_sign_in, safe_next
from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.access import public
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.places.selectors import la_by_code


@public
@require_http_methods(["GET", "HEAD", "POST"])
def council_sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for the work email address, then send the person to their council's sign-in page."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        config = council_sign_in_for_email(email)
        if config is not None:
            return redirect(council.authorization_url(request, config, email=email, next_url=safe_next(request)))
        form.add_error(
            "email",
            "Your council has not linked its sign-in to this service. Sign in with your email address and password",
        )
    context = {"form": form, "error_list": error_summary(form), "next": safe_next(request, "")}
    return _allow_provider_redirects(render(request, "accounts/council_sign_in.html", context))


def _allow_provider_redirects(response: HttpResponse) -> HttpResponse:
    """Let this page's form redirect to the councils' sign-in pages.

    Browsers apply the CSP form-action directive to where a form's answer redirects, so the
    email form may only lead to this site and the enabled councils' providers, nowhere else.
    """
    origins = sorted({_origin(url) for url in selectors.council_sign_in_endpoints()})
    if origins:
        response._csp_update = {"form-action": origins}
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@public
@require_http_methods(["GET", "HEAD"])
def council_callback(request: HttpRequest) -> HttpResponse:
    """Where the council's provider sends people back; nothing is trusted until it checks out."""
    try:
        user, invitation, next_url = council.complete(request)
    except council.CouncilSignInRefused as refusal:
        audit_record(
            action=Action.COUNCIL_SIGN_IN_REFUSED, actor=Actor.from_request(request), details={"reason": refusal.reason}
        )
        form = EmailForm()
        error_list = [{"text": refusal.message, "href": "#id_email"}]
        context = {"form": form, "error_list": error_list, "refusal": refusal.message, "next": ""}
        return render(request, "accounts/council_sign_in.html", context, status=400)
    if user is None:
        try:
            user = services.invitation_accept(
                invitation=invitation, full_name="", password=None, actor=Actor.from_request(request)
            )
        except services.InvitationUnusable:
            return redirect("accounts:invitation-unusable")
    return finish_sign_in(request, user, method="council", next_url=next_url)


@requires(Permission.MANAGE_COUNCIL_SIGN_IN)
@require_http_methods(["GET", "HEAD"])
def council_sign_in_settings(request: HttpRequest) -> HttpResponse:
    """Every LA's council sign-in, for the administrator."""
    configs = selectors.council_sign_ins()
    return render(request, "accounts/council_settings.html", {"configs": configs})


def _la(request: HttpRequest, la: str):
    local_authority = la_by_code(la)
    if local_authority is None:
        raise Http404("No such local authority")
    return local_authority


@requires(Permission.MANAGE_COUNCIL_SIGN_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def council_sign_in_edit(request: HttpRequest, la: str) -> HttpResponse:
    """Set up or change one LA's council sign-in."""
    local_authority = _la(request, la)
    existing = selectors.council_sign_in_of(local_authority)
    form = CouncilSignInForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CouncilSignInForm.Meta.fields}
        if existing is None and not form.cleaned_data["client_secret"]:
            form.add_error("client_secret", "Enter the client secret the council gave you")
        else:
            services.council_sign_in_save(
                actor=Actor.from_request(request),
                local_authority=local_authority,
                client_secret=form.cleaned_data["client_secret"],
                **fields,
            )
            return redirect("accounts:council-sign-in-settings")
    context = {
        "form": form,
        "local_authority": local_authority,
        "existing": existing,
        "error_list": error_summary(form),
    }
    return render(request, "accounts/council_settings_edit.html", context)
