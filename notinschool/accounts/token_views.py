"""API tokens, made and revoked by an LA's approvers for that LA's own systems."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from notinschool.accounts import selectors, services
from notinschool.accounts.admin_forms import APITokenForm
from notinschool.accounts.models import TokenScope
from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.places.selectors import la_by_code


def _la(request: HttpRequest, la: str, **kwargs):
    local_authority = la_by_code(la)
    if local_authority is None:
        raise Http404("No such local authority")
    return local_authority


@requires(Permission.MANAGE_API_TOKENS, obj=_la)
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest, la: str) -> HttpResponse:
    """The LA's tokens, with a form to make a new one (its secret is shown once)."""
    local_authority = _la(request, la)
    form = APITokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.api_token_create(
            actor=Actor.from_request(request),
            local_authority=local_authority,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
        )
        response = render(request, "accounts/api_token_made.html", {"made": made, "local_authority": local_authority})
        response["Cache-Control"] = "no-store"
        return response
    context = {
        "local_authority": local_authority,
        "tokens": selectors.api_tokens_of(local_authority),
        "form": form,
        "error_list": error_summary(form),
        "scope_labels": dict(TokenScope.choices),
    }
    return render(request, "accounts/api_tokens.html", context)


@requires(Permission.MANAGE_API_TOKENS, obj=_la)
@require_POST
def api_token_revoke(request: HttpRequest, la: str, token_id: int) -> HttpResponse:
    """Revoke one of the LA's tokens; it stops working at once."""
    local_authority = _la(request, la)
    token = selectors.api_tokens_of(local_authority).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    services.api_token_revoke(actor=Actor.from_request(request), token=token)
    return redirect("accounts:api-tokens", la=local_authority.old_code)
