"""Where signed-in people start: their returns, or their network's collections; definitions
and the rules each period's returns are checked against."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.periods import period_label
from notinschool.periods.lookups import spec_from
from notinschool.periods.specs import all_periods, load_spec, measure_history, period_history
from notinschool.returns import presenters, selectors
from notinschool.returns.models import ReturnStatus
from notinschool.validation.rules import rules_csv


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """An LA user's returns by period; a coordinator's collections."""
    user = request.user
    rows = []
    if user.local_authority_id:
        la = user.local_authority
        seen = set()
        for collection in selectors.collections_for_la(la):
            if collection.period in seen:
                continue
            seen.add(collection.period)
            record = selectors.return_of(la, collection.period)
            status = record.status if record else ReturnStatus.NOT_STARTED
            rows.append(
                {
                    "collection": collection,
                    "status_tag": presenters.status_tag(status),
                    "label": period_label(collection.period),
                }
            )
    networks = []
    if user.network_id:
        networks = [user.network]
    elif user.local_authority_id:
        networks = list(user.local_authority.networks.all())
    return render(request, "returns/home.html", {"rows": rows, "networks": networks})


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def definitions(request: HttpRequest) -> HttpResponse:
    """Every measure, its definition, and what changed when; every period, its notes, and its
    rules to download."""
    histories = measure_history()
    parts: dict[str, list] = {}
    for history in histories:
        parts.setdefault(history.part, []).append(history)
    part_labels = {part.code: part.label for period in all_periods() for part in load_spec(period).parts}
    context = {
        "parts": parts,
        "part_labels": part_labels,
        "periods": presenters.period_rows(period_history()),
        "period_label": period_label,
    }
    return render(request, "returns/definitions.html", context)


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def rules_download(request: HttpRequest, period: str) -> HttpResponse:
    """Every validation rule that applies in a period, as CSV (404 for a period with no spec)."""
    spec = spec_from(period)
    response = HttpResponse(rules_csv(spec.period), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rules-{spec.period}.csv"'
    return response
