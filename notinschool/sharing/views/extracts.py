"""Extracts and consents: the coordinator builds and shares; LA approvers grant or refuse."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.core.forms import error_summary
from notinschool.core.presenters import counted
from notinschool.periods.specs import load_spec
from notinschool.places.lookups import network_from
from notinschool.places.models import Network
from notinschool.places.selectors import networks_other_than
from notinschool.sharing import presenters, selectors
from notinschool.sharing.forms import ConsentRequestForm, ExtractForm, ShareLinkForm
from notinschool.sharing.models import Consent, Extract, ShareLink
from notinschool.sharing.recipients import PUBLIC, recipient_choices, recipient_label
from notinschool.sharing.services import consent as consent_services
from notinschool.sharing.services import extracts as services
from notinschool.sharing.tables import is_count


def _recipients(network: Network):
    return recipient_choices(networks_other_than(network))


def _la_choices(network: Network):
    return [(la.old_code, la.name) for la in network.local_authorities.order_by("name")]


def measure_choices(period: str = "2025-26-autumn"):
    """Count measures as (code, label), from a recent return."""
    return [(m.code, m.label) for m in load_spec(period).measures if is_count(m)]


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def hub(request: HttpRequest) -> HttpResponse:
    """Where sharing starts: a coordinator's extracts, an approver's permission requests."""
    user = request.user
    context = {
        "page_title": "Extracts and permissions",
        "network": user.network if user.has_perm(Permission.MANAGE_SHARING, user.network) else None,
        "approver": user.has_perm(Permission.GRANT_CONSENT, user.local_authority),
        "networks": list(user.local_authority.networks.all()) if user.local_authority_id else [],
    }
    return render(request, "sharing/hub.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_safe
def network_extracts(request: HttpRequest, network: str) -> HttpResponse:
    """The network's extracts and where each LA stands on permission."""
    network_obj = network_from(request, network)
    consents = selectors.consents_for_network(network_obj)
    context = {
        "page_title": "Extracts",
        "network": network_obj,
        "extracts": selectors.extracts_for_network(network_obj),
        "consents": consents,
        "recipient_label": recipient_label,
    }
    return render(request, "sharing/extracts.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def consent_request(request: HttpRequest, network: str) -> HttpResponse:
    """Ask LAs' approvers for permission to share with a recipient."""
    network_obj = network_from(request, network)
    form = ConsentRequestForm(request.POST or None, recipients=_recipients(network_obj), las=_la_choices(network_obj))
    if request.method == "POST" and form.is_valid():
        asked = consent_services.consent_request(
            network=network_obj,
            local_authorities=list(network_obj.local_authorities.filter(old_code__in=form.cleaned_data["las"])),
            recipient=form.cleaned_data["recipient"],
            purpose=form.cleaned_data["purpose"],
            actor=Actor.from_request(request),
        )
        approvers = counted(len(asked), "local authority's approvers", "local authorities' approvers")
        messages.success(request, f"Permission asked of {approvers}.")
        return redirect("sharing:network-extracts", network=network_obj.slug)
    context = {
        "page_title": "Ask for permission",
        "network": network_obj,
        "form": form,
        "error_list": error_summary(form),
    }
    return render(request, "sharing/consent_request.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def extract_new(request: HttpRequest, network: str) -> HttpResponse:
    """Build an extract: only LAs that have granted permission for the recipient are in it."""
    network_obj = network_from(request, network)
    form = ExtractForm(
        request.POST or None,
        recipients=_recipients(network_obj),
        measures=measure_choices(),
        las=_la_choices(network_obj),
        initial={"las": [code for code, _ in _la_choices(network_obj)]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extract = services.extract_create(
                network=network_obj,
                recipient=data["recipient"],
                title=data["title"],
                measure_codes=data["measures"],
                periods=sorted(data["periods"]),
                la_codes=data["las"],
                actor=Actor.from_request(request),
            )
        except ServiceError as exc:
            form.add_error("measures", exc.message)
        else:
            figures = counted(len(extract.included_las), "local authority's figures", "local authorities' figures")
            messages.success(request, f"Extract made with {figures}.")
            return redirect("sharing:extract", network=network_obj.slug, pk=extract.pk)
    context = {
        "page_title": "Build an extract",
        "network": network_obj,
        "form": form,
        "error_list": error_summary(form),
    }
    return render(request, "sharing/extract_new.html", context)


def _extract(network_obj: Network, pk: int) -> Extract:
    return get_object_or_404(Extract, pk=pk, network=network_obj)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def extract_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """An extract as stored: its figures, who is in and out, its downloads and share links."""
    network_obj = network_from(request, network)
    extract = _extract(network_obj, pk)
    form = ShareLinkForm(
        request.POST or None,
        audiences=[(key, label) for key, label in _recipients(network_obj) if key != PUBLIC],
        initial={"audience": extract.recipient},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = services.share_link_create(
                extract=extract,
                shared_with=form.cleaned_data["shared_with"],
                audience=form.cleaned_data["audience"],
                expires_on=form.cleaned_data["expires_on"],
                actor=Actor.from_request(request),
            )
        except ServiceError as exc:
            form.add_error("audience", exc.message)
        else:
            url = request.build_absolute_uri(f"/sharing/shared/{token}/")
            messages.success(request, f"Share link made. Copy it now; it is not shown again: {url}")
            return redirect("sharing:extract", network=network_obj.slug, pk=extract.pk)
    context = {
        "page_title": extract.title,
        "network": network_obj,
        "extract": extract,
        "recipient": recipient_label(extract.recipient),
        "rows": services.extract_rows(extract),
        "downloads": extract.downloads.select_related("user", "share_link")[:50],
        "links": extract.share_links.prefetch_related("opens__user"),
        "held_notes": presenters.release_notes(extract),
        "recipient_label": recipient_label,
        "form": form,
        "error_list": error_summary(form),
    }
    return render(request, "sharing/extract.html", context)


def extract_response(extract: Extract, file_format: str) -> HttpResponse:
    """The stored extract as a CSV (the exact bytes) or an XLSX built from them."""
    name = f"extract-{extract.pk}-{extract.recipient.replace(':', '-')}"
    if file_format == "csv":
        response = HttpResponse(bytes(extract.csv_bytes), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            services.extract_xlsx(extract),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_safe
def extract_download(request: HttpRequest, network: str, pk: int, file_format: str) -> HttpResponse:
    """Download the extract again; every download is logged."""
    extract = _extract(network_from(request, network), pk)
    response = extract_response(extract, file_format)
    services.extract_download_record(extract=extract, file_format=file_format, actor=Actor.from_request(request))
    return response


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_POST
def share_revoke(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Stop a share link working."""
    network_obj = network_from(request, network)
    link = get_object_or_404(ShareLink, pk=pk, extract__network=network_obj)
    services.share_link_revoke(link=link, actor=Actor.from_request(request))
    messages.success(request, f"The link for {link.shared_with} no longer works.")
    return redirect("sharing:extract", network=network_obj.slug, pk=link.extract_id)


def _own_la(request: HttpRequest, **_):
    return request.user.local_authority if request.user.local_authority_id else None


def _consent_la(request: HttpRequest, pk: int, **_):
    consent = selectors.consent_by_id(pk)
    if consent is None:
        raise Http404("No such request")
    return consent.local_authority


@requires(Permission.GRANT_CONSENT, obj=_own_la)
@require_safe
def consents(request: HttpRequest) -> HttpResponse:
    """An approver's permission requests: grant or refuse each."""
    la = request.user.local_authority
    context = {
        "page_title": "Permission to share your figures",
        "la": la,
        "consents": selectors.consents_for_la(la),
        "recipient_label": recipient_label,
    }
    return render(request, "sharing/consents.html", context)


@requires(Permission.GRANT_CONSENT, obj=_consent_la)
@require_POST
def consent_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant or refuse one request."""
    consent = get_object_or_404(Consent, pk=pk)
    decision = request.POST.get("decision")
    if decision not in {"grant", "refuse"}:
        messages.error(request, "Choose to grant or refuse permission.")
        return redirect("sharing:consents")
    consent_services.consent_decide(
        consent=consent,
        granted=decision == "grant",
        note=request.POST.get("note", "")[:1000],
        actor=Actor.from_request(request),
    )
    word = "granted" if decision == "grant" else "refused"
    messages.success(request, f"Permission {word} for {recipient_label(consent.recipient)}.")
    return redirect("sharing:consents")
