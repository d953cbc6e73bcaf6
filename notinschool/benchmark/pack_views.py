"""The meeting pack's views: the page that says what a pack will hold and has a job build it,
and the built PDF (ADR 0630)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from notinschool.accounts.permissions import requires
from notinschool.benchmark.data.measures import dashboard_measures
from notinschool.benchmark.jobs import PACK
from notinschool.benchmark.outputs import downloads
from notinschool.benchmark.packs import kept_pack, kept_pack_size, pack_key
from notinschool.benchmark.pages.selection import selection_from
from notinschool.benchmark.views import VIEW_PERMISSION, _network, _period, _scope_name
from notinschool.core.actor import Actor
from notinschool.jobs.selectors import unfinished_jobs
from notinschool.jobs.services import start_job
from notinschool.periods import period_label
from notinschool.places.lookups import network_from
from notinschool.places.selectors import network_places

PACK_CHOICES = ("las", "group", "neighbours")


def _pack_request(request: HttpRequest, network: str, period: str):
    found, period = _network(request, network), _period(period)
    selection = selection_from(request.GET, user=request.user, network=found)
    return found, period, selection, pack_key(found, period, selection)


def _pack_query(selection) -> dict:
    """The choices that decide which LAs a pack covers (the rest change only the web pages)."""
    return {name: selection.query[name] for name in PACK_CHOICES if selection.query.get(name)}


@requires(VIEW_PERMISSION, obj=network_from)
@require_http_methods(["GET", "POST"])
def pack(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The meeting pack: what it will hold, and a button that has a job build it (ADR 0630).
    A pack already built for the same figures and LAs is offered at once."""
    found, period, selection, key = _pack_request(request, network, period)
    query = _pack_query(selection)
    pdf_url = reverse("benchmark:pack-pdf", kwargs={"network": found.slug, "period": period}) + (
        "?" + urlencode(query) if query else ""
    )
    kept = kept_pack_size(found, key)
    if request.method == "POST":
        if kept is not None:
            return redirect(pdf_url)
        running = unfinished_jobs(PACK, key=key)
        job = running.filter(started_by=request.user).first() or start_job(
            kind=PACK,
            params={"network": found.slug, "period": period, "query": query, "key": key},
            actor=Actor.from_request(request),
            title=f"Building the meeting pack: {found.name}, {period_label(period)}",
            back_url=request.get_full_path(),
        )
        return redirect(job)
    places = network_places(found.id)
    names = {p.code: p.name for p in places}
    return render(
        request,
        "benchmark/pack.html",
        {
            "network": found,
            "period": period,
            "period_label": period_label(period),
            "selection": selection,
            "scope": selection.describe(names) if selection.is_filtered else f"all {len(places)} LAs in the network",
            "covered": len([p for p in places if p.code in selection.codes]) if selection.is_filtered else len(places),
            "measures": dashboard_measures(period),
            "kept": kept,
            "pdf_url": pdf_url,
            "page_title": f"Meeting pack: {found.name}, {period_label(period)}",
        },
    )


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def pack_pdf(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The meeting pack as PDF, when it has been built for the figures as they are now; otherwise
    the pack's page, where a job can build it."""
    found, period, selection, key = _pack_request(request, network, period)
    body = kept_pack(found, key)
    if body is None:
        query = _pack_query(selection)
        return redirect(
            reverse("benchmark:pack", kwargs={"network": found.slug, "period": period})
            + ("?" + urlencode(query) if query else "")
        )
    response = HttpResponse(body, content_type="application/pdf")
    name = downloads.safe_filename(found.slug, period, "meeting-pack", _scope_name(selection))
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
