"""Register home, search, a child's record and the child's own details."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from notinschool.core.forms import error_summary
from notinschool.register import presenters, selectors, services
from notinschool.register.audit import audit_read
from notinschool.register.forms import AddressForm, ChildForm, ParentForm, SearchForm
from notinschool.register.models import Episode
from notinschool.register.views.common import actor, child_or_404, editor, form_view, today, viewer

SEARCH_SESSION_KEY = "register_search"


def _home_context(request, form):
    la = request.user.local_authority
    counts = {kind: selectors.open_cases(la, kind).count() for kind in Episode.Kind.values}
    return {
        "page_title": "Register of children not in school",
        "form": form,
        "components": presenters.form_components(form),
        "error_list": error_summary(form),
        "la": la,
        "counts": [(Episode.Kind(kind).label, kind, n) for kind, n in counts.items()],
        "return_periods": _return_periods(la),
        "today": today(),
    }


def _return_periods(la) -> list[tuple[str, str, bool, object]]:
    """(period, label, open, census date) for every period a network of the LA has collected,
    newest first. The census date is the one the return counts at (the earliest, should two
    networks differ)."""
    from notinschool.periods import period_label
    from notinschool.returns.selectors import collections_for_la

    seen: dict[str, bool] = {}
    census: dict[str, object] = {}
    for collection in collections_for_la(la):
        seen[collection.period] = seen.get(collection.period, False) or collection.is_open
        census[collection.period] = min(census.get(collection.period, collection.census_date), collection.census_date)
    return [(period, period_label(period), is_open, census[period]) for period, is_open in seen.items()]


@viewer
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Search (POSTed, so names and dates never reach a URL) and the lists to work from."""
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            dob = form.cleaned_data["date_of_birth"]
            request.session[SEARCH_SESSION_KEY] = {
                "name": form.cleaned_data["name"],
                "date_of_birth": dob.isoformat() if dob else "",
            }
            return redirect("register:search-results")
    else:
        form = SearchForm()
    return render(request, "register/home.html", _home_context(request, form))


@viewer
@require_http_methods(["GET"])
def search_results(request: HttpRequest) -> HttpResponse:
    """The results of the search kept in the session."""
    search = request.session.get(SEARCH_SESSION_KEY)
    if not search:
        return redirect("register:home")
    la = request.user.local_authority
    dob = datetime.date.fromisoformat(search["date_of_birth"]) if search["date_of_birth"] else None
    results = selectors.search_children(la, name=search["name"], date_of_birth=dob)
    audit_read(actor=actor(request), la=la, what="search", details={"results": [c.pk for c in results]})
    return render(
        request,
        "register/search_results.html",
        {"page_title": "Search results", "results": results, "search": search, "limit": selectors.SEARCH_LIMIT},
    )


@editor
@require_http_methods(["GET", "POST"])
def child_add(request: HttpRequest) -> HttpResponse:
    """Add a child (and their home address) to the register. Possible duplicates are named
    after saving, never merged."""
    la = request.user.local_authority
    register_settings = selectors.settings_for(la)
    form = ChildForm(request.POST or None, register_settings=register_settings, prefix="child")
    address = AddressForm(request.POST or None, prefix="address")
    address.fields["line_1"].required = False  # a missing child's address may not be known
    problems = []
    if request.method == "POST" and form.is_valid() and address.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            child = services.child_create(la=la, actor=actor(request), address=address.cleaned_data, **values)
        except services.InvalidChild as exc:
            problems = [{"text": exc.message, "href": "#main-content"}]
        else:
            messages.success(request, "Child added to the register.")
            for warning in child.warnings:
                messages.warning(request, warning)
            return redirect("register:child", child_id=child.pk)
    context = {
        "page_title": "Add a child",
        "components": presenters.form_components(form),
        "address_components": presenters.form_components(address),
        "error_list": error_summary(form) + error_summary(address) + problems,
        "back_url": reverse("register:home"),
    }
    return render(request, "register/child_add.html", context)


@viewer
@require_http_methods(["GET"])
def child(request: HttpRequest, child_id: str) -> HttpResponse:
    """A child's whole record. Audited as a read. The page title never names the child."""
    la = request.user.local_authority
    record = child_or_404(request, child_id, load=selectors.child_record)
    audit_read(actor=actor(request), la=la, child_id=record.pk, what="record")
    episodes = [(episode, presenters.episode_summary(episode)) for episode in record.episodes.all()]
    context = {
        "page_title": "A child's record",
        "child": record,
        "episodes": episodes,
        "year_group": presenters.year_group_label(record, today()),
        "settings": selectors.settings_for(la),
        "duplicates": selectors.possible_duplicates(la, record),
        "history": presenters.fact_history(selectors.fact_history(record)),
        "notifications": list(record.notifications.all()),
        "eligibility": presenters.eligibility(record, today()),
        "transfers": list(record.transfers.select_related("other_la")),
        "episode_kinds": Episode.Kind.choices,
    }
    return render(request, "register/child.html", context)


@editor
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    """Change a child's details. A save based on an out-of-date copy is refused, and what was
    typed is shown beside what is saved, so nothing need be typed again."""
    la = request.user.local_authority
    record = child_or_404(request, child_id)
    register_settings = selectors.settings_for(la)
    if request.method != "POST":
        audit_read(actor=actor(request), la=la, child_id=record.pk, what="details-form")

    def save(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return services.child_update(
            la=la, child=record, expected_version=data.get("version") or 0, actor=actor(request), **values
        )

    def saved_form(data=None):
        return ChildForm(data, instance=la.children.get(pk=record.pk), register_settings=register_settings)

    saved_now = la.children.get(pk=record.pk) if request.method == "POST" else record
    return form_view(
        request, ChildForm(request.POST or None, instance=record, register_settings=register_settings),
        child=saved_now, save=save, done="Details saved.", title="Change details", saved_form=saved_form,
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def address_add(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a move to a new home address; the old one is kept as history."""
    record = child_or_404(request, child_id)
    return form_view(
        request, AddressForm(request.POST or None), child=record, done="New home address saved.",
        title="New home address",
        save=lambda data: services.address_add(la=request.user.local_authority, child=record, actor=actor(request),
                                               **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def parent_add(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a parent or carer, whether they educate the child and for how long."""
    record = child_or_404(request, child_id)
    return form_view(
        request, ParentForm(request.POST or None), child=record, done="Parent or carer added.",
        title="Add a parent or carer",
        save=lambda data: services.parent_add(la=request.user.local_authority, child=record, actor=actor(request),
                                              **data),
    )  # fmt: skip
