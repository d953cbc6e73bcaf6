"""A network's home page: its LAs, this term's collection at a glance, where to go next."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.places.selectors import network_by_slug
from notinschool.returns import presenters, selectors
from notinschool.returns.models import ReturnStatus


def _network(request: HttpRequest, slug: str):
    network = network_by_slug(slug)
    if network is None:
        raise Http404("No such network")
    return network


@requires(Permission.VIEW_NETWORK, obj=_network)
@require_safe
def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Members see the network's LAs, the latest collection's progress and the dashboard link."""
    network = _network(request, slug)
    las = list(network.local_authorities.order_by("name"))
    latest = network.collections.order_by("-period").first()
    progress = None
    approved_periods = sorted(
        {
            c.period
            for c in network.collections.all()
            if selectors.approved_la_codes(period=c.period, local_authorities=las)
        },
        reverse=True,
    )
    if latest is not None:
        returns = selectors.status_by_la(period=latest.period, local_authorities=las)
        counts = {status: 0 for status in ReturnStatus.values}
        for la in las:
            record = returns.get(la.old_code)
            counts[record.status if record else ReturnStatus.NOT_STARTED] += 1
        progress = {"collection": latest, "counts": counts, "label": presenters.period_label(latest.period)}
    context = {
        "network": network,
        "las": las,
        "progress": progress,
        "dashboard_period": approved_periods[0] if approved_periods else None,
        "period_label": presenters.period_label,
        "can_manage": request.user.has_perm(Permission.MANAGE_COLLECTION, network),
    }
    return render(request, "returns/network.html", context)
