"""Papers: uploaded by the coordinator with an audience; downloads checked and logged."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from notinschool.accounts.models import LA_ROLES, Role
from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.places.lookups import network_from
from notinschool.sharing import selectors
from notinschool.sharing.audience import audience_description, may_read_paper
from notinschool.sharing.forms import PaperForm
from notinschool.sharing.models import Paper
from notinschool.sharing.paper_check import PaperRefused
from notinschool.sharing.services.papers import paper_download_record, paper_upload
from notinschool.sharing.views.public import paper_file

ROLE_CHOICES = [(str(r), Role(r).label) for r in (*sorted(LA_ROLES), Role.NETWORK_VIEWER)]


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def papers(request: HttpRequest, network: str) -> HttpResponse:
    """The papers this person may read; the coordinator uploads more here."""
    network_obj = network_from(request, network)
    coordinator = request.user.has_perm(Permission.MANAGE_SHARING, network_obj)
    las = [(la.old_code, la.name) for la in network_obj.local_authorities.order_by("name")]
    form = PaperForm(request.POST or None, request.FILES or None, las=las, roles=ROLE_CHOICES)
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied("Only the coordinator uploads papers")
        if form.is_valid():
            data = form.cleaned_data
            try:
                paper = paper_upload(
                    network=network_obj,
                    title=data["title"],
                    data=data["file"].read(),
                    filename=data["file"].name,
                    audience=data["audience"],
                    limited_to_las=data["las"],
                    limited_to_roles=data["roles"],
                    actor=Actor.from_request(request),
                )
            except PaperRefused as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, f"“{paper.title}” uploaded.")
                return redirect("sharing:papers", network=network_obj.slug)
    context = {
        "page_title": "Papers",
        "network": network_obj,
        "papers": [(p, audience_description(p)) for p in selectors.papers_for(request.user, network_obj)],
        "coordinator": coordinator,
        "form": form,
        "error_list": error_summary(form),
        "las": las,
        "roles": ROLE_CHOICES,
    }
    return render(request, "sharing/papers.html", context)


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def paper_download(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """A paper, if its audience includes this person; every download is logged."""
    network_obj = network_from(request, network)
    paper = get_object_or_404(Paper, pk=pk, network=network_obj)
    if not may_read_paper(request.user, paper):
        raise PermissionDenied("Not in this paper's audience")
    paper_download_record(paper=paper, actor=Actor.from_request(request))
    return paper_file(paper)
