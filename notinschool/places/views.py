"""Pages about places: the LA list and lookups, networks, comparison groups."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.access import public
from notinschool.core.forms import error_summary
from notinschool.places import presenters, selectors, services
from notinschool.places.forms import ComparisonGroupForm
from notinschool.places.models import ComparisonGroup


@public
@require_safe
def local_authorities(request: HttpRequest) -> HttpResponse:
    """Every current LA with both codes and its region."""
    rows = presenters.la_table_rows(selectors.current_local_authorities())
    return render(request, "places/local_authorities.html", {"rows": rows})


@public
@require_safe
def local_authority(request: HttpRequest, code: str) -> HttpResponse:
    """One LA, found by any of its codes, with its code history and statistical neighbours."""
    la = selectors.la_by_code(code)
    if la is None:
        raise Http404("No LA has that code")
    context = {
        "la": la,
        "codes": list(la.codes.order_by("kind", "code")),
        "neighbours": selectors.statistical_neighbours(la),
        "successors": list(la.successors.all()),
        "predecessors": list(la.predecessors.all()),
    }
    return render(request, "places/local_authority.html", context)


@requires(Permission.MANAGE_COMPARISON_GROUPS)
@require_http_methods(["GET", "HEAD", "POST"])
def comparison_groups(request: HttpRequest) -> HttpResponse:
    """The user's saved comparison groups, and a form to save another."""
    form = ComparisonGroupForm(request.POST if request.method == "POST" else None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.comparison_group_create(
            owner=request.user, name=form.cleaned_data["name"], local_authorities=form.cleaned_data["local_authorities"]
        )
        return redirect("places:comparison-groups")
    groups = request.user.comparison_groups.prefetch_related("local_authorities")
    context = {
        "form": form,
        "error_list": error_summary(form),
        "groups": groups,
        "regions": presenters.la_choices_by_region(
            selectors.current_local_authorities(),
            chosen=set(request.POST.getlist("local_authorities")),
            home_region_id=selectors.home_region_id(request.user),
            field_id="id_local_authorities",
        ),
    }
    return render(request, "places/comparison_groups.html", context)


@requires(Permission.MANAGE_COMPARISON_GROUPS)
@require_POST
def comparison_group_delete(request: HttpRequest, group_id: int) -> HttpResponse:
    """Delete one of the user's own groups (another user's group is not found)."""
    group = get_object_or_404(ComparisonGroup, id=group_id, owner=request.user)
    group.delete()
    return redirect("places:comparison-groups")
