"""The coordinator's pages: open a collection, track who has sent what, remind, export."""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import GovUKDateField, GovUKFormMixin, error_summary
from notinschool.jobs.selectors import job_by_key
from notinschool.jobs.services import start_job
from notinschool.periods import period_label
from notinschool.periods.specs import all_periods
from notinschool.places.lookups import network_from
from notinschool.returns import presenters, selectors, services
from notinschool.returns.downloads import table_csv
from notinschool.returns.jobs import REMINDERS
from notinschool.returns.models import Collection, QueryExplanation, ReturnStatus
from notinschool.returns.services.status import unexplained_queries
from notinschool.returns.views import reminders


class CollectionForm(GovUKFormMixin, forms.Form):
    """Open a collection: the period, its census date and due date."""

    period = forms.ChoiceField(label="Collection period", error_messages={"required": "Select the period"})
    census_date = GovUKDateField(label="Census date")
    due_date = GovUKDateField(label="Due date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, period_label(p)) for p in reversed(all_periods())]

    def clean(self):
        cleaned = super().clean()
        census, due = cleaned.get("census_date"), cleaned.get("due_date")
        if census and due and due <= census:
            self.add_error("due_date", "The due date must be after the census date")
        return cleaned


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def collections(request: HttpRequest, network: str) -> HttpResponse:
    """The network's collections, and a form to open another."""
    net = network_from(request, network)
    form = CollectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.collection_open(network=net, actor=Actor.from_request(request), **form.cleaned_data)
        except services.CollectionError as exc:
            form.add_error("period", str(exc))
        else:
            messages.success(request, f"The {collection.period} collection is open for {net.name}.")
            return redirect("returns:tracking", network=net.slug, period=collection.period)
    context = {
        "network": net,
        "collections": net.collections.order_by("-period"),
        "form": form,
        "error_list": error_summary(form),
        "period_label": period_label,
    }
    return render(request, "returns/collections.html", context)


def _collection(net, period: str) -> Collection:
    collection = selectors.collection_for(net, period)
    if collection is None:
        raise Http404("No collection for that period")
    return collection


def tracking_rows(collection: Collection) -> list[dict]:
    """One row per LA of the network: status, last change and by whom, open queries, contacts."""
    las = list(collection.network.local_authorities.order_by("name"))
    returns = selectors.status_by_la(period=collection.period, local_authorities=las)
    contacts = selectors.contacts_by_la(las)
    rows = []
    for la in las:
        record = returns.get(la.old_code)
        status = record.status if record else ReturnStatus.NOT_STARTED
        version = record.current_version if record else None
        rows.append(
            {
                "la": la,
                "status": status,
                "status_tag": presenters.status_tag(status),
                "changed_at": record.status_changed_at if record else None,
                "changed_by": record.status_changed_by if record else None,
                "queries": len(unexplained_queries(version)) if version else 0,
                # Explanations the coordinator has yet to accept or send back, once submitted.
                "to_review": (
                    sum(1 for e in version.explanations.all() if e.review == QueryExplanation.Review.WAITING)
                    if version and status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
                    else 0
                ),
                "errors": version.error_count if version else 0,
                "contacts": contacts.get(la.id, []),
            }
        )
    return rows


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_safe
def tracking(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Who has sent what: each LA's status, last change, queries, contacts; days to the due date."""
    net = network_from(request, network)
    collection = _collection(net, period)
    rows = tracking_rows(collection)
    counts = {status: sum(1 for r in rows if r["status"] == status) for status in ReturnStatus.values}
    context = {
        "network": net,
        "collection": collection,
        "rows": rows,
        "counts": counts,
        "period_label": period_label(period),
        "days_to_due": (collection.due_date - timezone.localdate()).days,
        "reminders": collection.reminders.select_related("local_authority", "sent_by")[:20],
        "no_contact": reminders.las_without_contact(rows),
        "request_id": uuid.uuid4(),
    }
    return render(request, "returns/tracking.html", context)


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_safe
def tracking_csv(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The tracking table as CSV."""
    net = network_from(request, network)
    collection = _collection(net, period)
    header = ["LA code", "Local authority", "Status", "Last change", "Changed by", "Errors", "Open queries", "Contacts"]
    rows = (
        [
            r["la"].old_code,
            r["la"].name,
            r["status_tag"]["text"],
            r["changed_at"].isoformat() if r["changed_at"] else "",
            r["changed_by"].display_name if r["changed_by"] else "",
            r["errors"],
            r["queries"],
            "; ".join(f"{c.name} <{c.email}>" for c in r["contacts"]),
        ]
        for r in tracking_rows(collection)
    )
    response = HttpResponse(table_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{net.slug}-{period}-tracking.csv"'
    return response


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_POST
def send_reminders(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Start the job that reminds every LA not yet submitted. Reminders sent (or being sent)
    in the last day are named first, and sending again needs a confirmation. The same form
    sent twice (a double press) starts one job."""
    net = network_from(request, network)
    collection = _collection(net, period)
    request_id = _uuid_or_none(request.POST.get("request_id", ""))
    key = f"{REMINDERS}:{collection.pk}:{request_id}" if request_id else None
    pressed_before = job_by_key(key) if key else None
    if pressed_before is not None:
        return redirect(pressed_before)
    recent = reminders.recent_reminders(collection)
    if (recent["sent"] or recent["running"]) and request.POST.get("confirm") != "yes":
        context = {
            "network": net,
            "collection": collection,
            "period_label": period_label(period),
            "recent": recent,
            "request_id": uuid.uuid4(),
        }
        return render(request, "returns/reminders_confirm.html", context)
    job = start_job(
        kind=REMINDERS,
        params={"collection_id": collection.pk},
        actor=Actor.from_request(request),
        idempotency_key=key,
        title=f"Sending reminders for {period_label(period)}",
        back_url=reverse("returns:tracking", kwargs={"network": net.slug, "period": period}),
    )
    return redirect(job)


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_POST
def change_collection(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Close or reopen the collection, or choose how unapproved figures show on the dashboard."""
    net = network_from(request, network)
    collection = _collection(net, period)
    action = request.POST.get("action")
    if action == "close":
        services.collection_close(collection=collection)
        messages.success(request, "Collection closed. LAs can no longer send new versions.")
    elif action == "reopen":
        services.collection_reopen(collection=collection)
        messages.success(request, "Collection reopened.")
    elif action == "provisional":
        try:
            services.collection_update(
                collection=collection,
                census_date=collection.census_date,
                due_date=collection.due_date,
                provisional_figures=request.POST.get("provisional_figures", ""),
            )
            messages.success(request, "Dashboard setting saved.")
        except services.CollectionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Choose what to change.")
    return redirect("returns:tracking", network=net.slug, period=period)


class DueDateForm(GovUKFormMixin, forms.Form):
    """Move an open collection's due date, with a note for the LAs."""

    due_date = GovUKDateField(label="New due date")
    note = forms.CharField(
        label="Note for the local authorities (optional)", required=False, max_length=500, widget=forms.Textarea
    )


@requires(Permission.MANAGE_COLLECTION, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def change_due_date(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The coordinator moves the due date; every LA is told and the change is audited."""
    net = network_from(request, network)
    collection = _collection(net, period)
    form = DueDateForm(request.POST if request.method == "POST" else None, initial={"due_date": collection.due_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.collection_due_date_change(
                collection=collection,
                due_date=form.cleaned_data["due_date"],
                actor=Actor.from_request(request),
                note=form.cleaned_data["note"],
            )
        except services.CollectionError as exc:
            form.add_error("due_date", str(exc))
        else:
            messages.success(request, "Due date changed. Every local authority in the network is being emailed.")
            return redirect("returns:tracking", network=net.slug, period=period)
    context = {
        "network": net,
        "collection": collection,
        "period_label": period_label(period),
        "form": form,
        "error_list": error_summary(form),
    }
    return render(request, "returns/due_date.html", context)
