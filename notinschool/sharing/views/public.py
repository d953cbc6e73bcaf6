"""Pages for people outside the network: the public dashboard, share links, public papers.

None needs sign-in; each shows only what its audience allows (ADR 0702)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from notinschool.core.access import public
from notinschool.core.actor import Actor
from notinschool.periods import period_label
from notinschool.periods.specs import UnknownPeriod, all_periods
from notinschool.places.lookups import network_from
from notinschool.sharing import recipients, selectors
from notinschool.sharing.models import Audience, Paper, ShareLink
from notinschool.sharing.paper_check import CONTENT_TYPES
from notinschool.sharing.services import extracts as services
from notinschool.sharing.services.papers import paper_download_record
from notinschool.sharing.services.public_page import public_page
from notinschool.sharing.views.extracts import extract_response


@public
@require_safe
def public_dashboard(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The network's headline figures for a term, for anyone: only LAs that granted permission
    for the public, rounded and suppressed; the total only when it reveals no hidden LA; checked
    against everything released before (a new version is recorded as a release)."""
    network_obj = network_from(request, network)
    if period not in all_periods():
        raise Http404("No such term")
    try:
        page = public_page(network=network_obj, period=period, actor=Actor.from_request(request))
    except UnknownPeriod as exc:  # pragma: no cover - all_periods() guards this
        raise Http404("No such term") from exc
    context = {
        "page_title": f"{network_obj.name}: {period_label(period)}",
        "network": network_obj,
        "period_label": period_label(period),
        "period_label_of": period_label,
        "tables": page.tables,
        "included": page.included,
        "excluded": page.excluded,
        "papers": selectors.public_papers(network_obj),
    }
    return render(request, "sharing/public_dashboard.html", context)


def _link(token: str) -> ShareLink:
    """The share link for a token: 404 when unknown, 410 (a clear page) when expired or revoked."""
    link = selectors.share_link_by_token(token)
    if link is None:
        raise Http404("No such link")
    return link


def _gone(request: HttpRequest, link: ShareLink) -> HttpResponse:
    reason = "was withdrawn" if link.revoked_at else "has expired"
    context = {"page_title": "This link no longer works", "reason": reason, "link": link}
    return render(request, "sharing/link_gone.html", context, status=410)


@public
@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A read-only page of a shared extract, while its link lasts. Every opening is logged."""
    link = _link(token)
    if not link.is_usable:
        return _gone(request, link)
    services.share_link_opened(link=link, actor=Actor.from_request(request))
    context = {
        "page_title": link.extract.title,
        "link": link,
        "extract": link.extract,
        "recipient": recipients.recipient_label(link.extract.recipient),
        "rows": services.extract_rows(link.extract),
        "token": token,
    }
    response = render(request, "sharing/shared.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@public
@require_safe
def shared_download(request: HttpRequest, token: str) -> HttpResponse:
    """The shared extract's CSV (the stored bytes), while its link lasts; logged."""
    link = _link(token)
    if not link.is_usable:
        return _gone(request, link)
    response = extract_response(link.extract, "csv")
    services.extract_download_record(
        extract=link.extract, file_format="csv", actor=Actor.from_request(request), share_link=link
    )
    return response


@public
@require_safe
def public_paper(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """A paper whose audience is the public; any other paper is not found here."""
    network_obj = network_from(request, network)
    paper = get_object_or_404(Paper, pk=pk, network=network_obj, audience=Audience.PUBLIC)
    paper_download_record(paper=paper, actor=Actor.from_request(request))
    return paper_file(paper)


def paper_file(paper: Paper) -> HttpResponse:
    """The stored paper as an attachment (papers are small: read whole, so the file is closed)."""
    with paper.file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=CONTENT_TYPES[paper.file_type])
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}"'
    return response
