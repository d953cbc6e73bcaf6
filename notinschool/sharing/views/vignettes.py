"""Vignettes: written by LA users, reviewed by the coordinator, shown once approved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from notinschool.accounts.models import LA_ROLES
from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.periods import period_label
from notinschool.periods.specs import all_periods
from notinschool.places.lookups import network_from
from notinschool.sharing import selectors
from notinschool.sharing.forms import VignetteForm
from notinschool.sharing.models import Vignette
from notinschool.sharing.services import vignettes as services
from notinschool.sharing.views.extracts import measure_choices


def may_write(user, network) -> bool:
    """LA contributors, approvers and register officers of an LA in the network."""
    return (
        bool(user.local_authority_id)
        and bool(set(user.role_set()) & {str(r) for r in LA_ROLES})
        and network.local_authorities.filter(pk=user.local_authority_id).exists()
    )


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def vignettes(request: HttpRequest, network: str) -> HttpResponse:
    """Published vignettes; the coordinator's review queue; the writer's own."""
    network_obj = network_from(request, network)
    coordinator = request.user.has_perm(Permission.MANAGE_SHARING, network_obj)
    own = []
    if request.user.local_authority_id:
        own = selectors.vignettes_in_progress(network_obj, request.user.local_authority)
    context = {
        "page_title": "Vignettes",
        "network": network_obj,
        "published": selectors.published_vignettes(network_obj),
        "queue": selectors.vignettes_waiting(network_obj) if coordinator else [],
        "own": own,
        "may_write": may_write(request.user, network_obj),
        "period_label": period_label,
        "periods": list(reversed(all_periods())),
    }
    return render(request, "sharing/vignettes.html", context)


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def stories(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Approved vignettes for one term (no figures), for the dashboard to link to."""
    network_obj = network_from(request, network)
    context = {
        "page_title": f"Stories: {period_label(period) if period in all_periods() else period}",
        "network": network_obj,
        "period_label": period_label(period) if period in all_periods() else period,
        "published": selectors.published_vignettes(network_obj, period=period),
    }
    return render(request, "sharing/stories.html", context)


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def vignette_edit(request: HttpRequest, network: str, pk: int | None = None) -> HttpResponse:
    """Write (or rework) a vignette; warnings about identifying details need the writer's check."""
    network_obj = network_from(request, network)
    if not may_write(request.user, network_obj):
        raise PermissionDenied("Only LA users write vignettes")
    vignette = None
    if pk is not None:
        vignette = get_object_or_404(Vignette, pk=pk, network=network_obj, local_authority=request.user.local_authority)
    initial = {}
    if vignette:
        initial = {
            "title": vignette.title,
            "body": vignette.body,
            "measures": vignette.measures,
            "periods": vignette.periods,
        }
    form = VignetteForm(request.POST or None, initial=initial, measures=measure_choices())
    findings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.vignette_save(
                network=network_obj,
                author=request.user,
                title=data["title"],
                body=data["body"],
                measures=data["measures"],
                periods=data["periods"],
                confirmed=data["confirmed"],
                vignette=vignette,
                actor=Actor.from_request(request),
            )
        except services.NeedsConfirmation as exc:
            findings = exc.findings
            form.add_error(
                "confirmed",
                "The story may identify a child. Change the details listed, "
                "or confirm you have checked it does not identify a child",
            )
        else:
            messages.success(request, f"“{saved.title}” sent to the coordinator for review.")
            return redirect("sharing:vignettes", network=network_obj.slug)
    context = {
        "page_title": "Write a vignette" if vignette is None else "Change a vignette",
        "network": network_obj,
        "vignette": vignette,
        "form": form,
        "findings": findings,
        "error_list": error_summary(form),
    }
    return render(request, "sharing/vignette_edit.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def vignette_review(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The coordinator reads a vignette (with any warnings) and approves or sends it back."""
    network_obj = network_from(request, network)
    vignette = get_object_or_404(Vignette, pk=pk, network=network_obj)
    errors = []
    if request.method == "POST":
        approve = request.POST.get("decision") == "approve"
        reason = request.POST.get("reason", "")[:1000]
        if not approve and not reason.strip():
            errors = [{"text": "Say why the vignette is sent back", "href": "#reason"}]
        else:
            services.vignette_review(
                vignette=vignette, approve=approve, reason=reason, actor=Actor.from_request(request)
            )
            messages.success(request, f"“{vignette.title}” {'published' if approve else 'sent back'}.")
            return redirect("sharing:vignettes", network=network_obj.slug)
    context = {
        "page_title": f"Review: {vignette.title}",
        "network": network_obj,
        "vignette": vignette,
        "findings": services.vignette_findings(network=network_obj, title=vignette.title, body=vignette.body),
        "error_list": errors,
        "period_label": period_label,
    }
    return render(request, "sharing/vignette_review.html", context)
