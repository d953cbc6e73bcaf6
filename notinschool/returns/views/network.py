"""A network's home page: its LAs, this term's collection at a glance, where to go next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.periods import period_label
from notinschool.places.lookups import network_from
from notinschool.returns import presenters, selectors


def _network(request: HttpRequest, slug: str, **_):
    return network_from(request, slug)  # this URL names the network `slug`


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
        sent_back = selectors.sent_back_la_codes(returns.values())
        progress = {
            "collection": latest,
            "summary": presenters.status_summary(las, returns, sent_back),
            "label": period_label(latest.period),
        }
    context = {
        "network": network,
        "las": las,
        "progress": progress,
        "dashboard_period": approved_periods[0] if approved_periods else None,
        "period_label": period_label,
        "can_manage": request.user.has_perm(Permission.MANAGE_COLLECTION, network),
    }
    return render(request, "returns/network.html", context)
