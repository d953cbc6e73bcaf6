"""Pages for DfE's published figures: the releases, importing a file, one release, and the
reconciliation of a network's approved figures with DfE's."""

import re
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from notinschool.accounts.models import Role
from notinschool.accounts.permissions import Permission, requires
from notinschool.core.forms import error_summary
from notinschool.places.models import Network
from notinschool.places.selectors import network_by_slug
from notinschool.published import presenters, selectors, services
from notinschool.published.forms import ImportForm
from notinschool.published.models import Level, PublishedFigure
from notinschool.published.reading import ImportRefused
from notinschool.returns import selectors as returns_selectors

_PERIOD = re.compile(r"^\d{4}-\d{2}(-(autumn|spring|summer))?$")
HEADLINE_MEASURES = ("ehe_total", "cme_total", "ehe_anytime")


def _networks_of(user) -> list[Network]:
    if user.has_role(Role.SYSTEM_ADMINISTRATOR):
        return list(Network.objects.all())
    networks = list(Network.objects.filter(id=user.network_id)) if user.network_id else []
    if user.local_authority_id:
        networks += list(Network.objects.filter(local_authorities=user.local_authority_id))
    return networks


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def releases(request: HttpRequest) -> HttpResponse:
    """Every imported release, and links to reconcile the user's networks with DfE's figures."""
    periods = sorted(
        set(
            PublishedFigure.objects.filter(is_current=True, level=Level.LOCAL_AUTHORITY).values_list(
                "period", flat=True
            )
        ),
        reverse=True,
    )
    context = {
        "releases": list(selectors.releases()),
        "period_label": presenters.period_label,
        "may_import": request.user.has_perm(str(Permission.IMPORT_PUBLISHED)),
        "networks": _networks_of(request.user),
        "periods": [(period, presenters.period_label(period)) for period in periods],
    }
    return render(request, "published/releases.html", context)


@requires(Permission.IMPORT_PUBLISHED)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Import an EES file; refused files are reported in full and nothing is kept."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            report = services.import_ees(
                source=upload_file,
                file_name=upload_file.name,
                publication=form.cleaned_data["publication"] or None,
                imported_by=request.user,
            )
        except ImportRefused as refusal:
            for problem in refusal.problems:
                form.add_error("file", problem)
        else:
            release = selectors.releases().get(id=report.release_id)
            outcome = "unchanged" if report.unchanged else "imported"
            return redirect(
                reverse("published:release", args=[release.content_hash]) + "?" + urlencode({"outcome": outcome})
            )
    context = {"form": form, "error_list": error_summary(form)}
    return render(request, "published/upload.html", context)


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def release(request: HttpRequest, content_hash: str) -> HttpResponse:
    """One release: its import report, rows left unplaced, and England beside the regions."""
    found = selectors.release_by_hash(content_hash)
    if found is None:
        raise Http404("No release was imported from a file with that hash")
    headlines = []
    for measure in HEADLINE_MEASURES:
        for period, figures in selectors.headline_figures(found, measure).items():
            headlines.append((presenters.measure_label(measure), presenters.period_label(period), figures))
    context = {
        "release": found,
        "report": found.report,
        "headlines": headlines,
        "outcome": request.GET.get("outcome", ""),
        "period_labels": [presenters.period_label(period) for period in found.periods],
        "symbol_counts": presenters.symbol_counts,
        "figure_shown": presenters.figure_shown,
    }
    return render(request, "published/release.html", context)


def _network(request: HttpRequest, network: str, **kwargs) -> Network:
    found = network_by_slug(network)
    if found is None:
        raise Http404("No such network")
    return found


@requires(Permission.VIEW_NETWORK, obj=_network)
@require_safe
def reconciliation(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Each LA's own approved figures beside DfE's published ones, flagging differences that
    rounding cannot explain."""
    if not _PERIOD.match(period):
        raise Http404("Not a period")
    found = _network(request, network)
    las = list(found.local_authorities.order_by("name"))
    own = returns_selectors.approved_figures(period=period, local_authorities=las)
    published = selectors.la_figures_for(local_authorities=las, period=period)
    choices = presenters.figure_choices(published)
    chosen = request.GET.get("figure") or "ehe_total"
    if chosen not in {value for value, _ in choices}:
        chosen = choices[0][0] if choices else "ehe_total"
    key = presenters.decode_key(chosen)
    context = {
        "network": found,
        "period": period,
        "period_label": presenters.period_label(period),
        "choices": choices,
        "chosen": chosen,
        "chosen_label": presenters.measure_label(*key),
        "rows": presenters.reconciliation_rows(las, own, published, key),
        "summaries": presenters.reconciliation_summaries(las, own, published),
        "has_published": bool(published),
        "has_own": bool(own),
    }
    return render(request, "published/reconciliation.html", context)
