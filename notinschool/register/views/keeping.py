"""Keeping the register current: notifications from parents and providers (s436D, s436E),
and children moving between LAs (a transfer record exported by one, imported by the other)."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from notinschool.register import services
from notinschool.register.forms import NotificationLogForm, SettleForm, TransferImportForm, TransferOutForm
from notinschool.register.models import Transfer
from notinschool.register.views.common import actor, back_to_child, child_or_404, editor, form_view


@editor
@require_http_methods(["GET", "POST"])
def notification_add(request: HttpRequest, child_id: str) -> HttpResponse:
    """Log what a parent or an education provider told the LA, and what is still awaited."""
    child = child_or_404(request, child_id)
    return form_view(
        request, NotificationLogForm(request.POST or None), child=child, done="Notification recorded.",
        title="Record a notification from a parent or provider",
        intro="Parents must tell the LA when a fact the register holds changes (s436D); education providers "
        "must give the LA the information it asks for (s436E).",
        save=lambda data: services.notification_record(la=request.user.local_authority, child=child,
                                                       actor=actor(request), **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def notification_settle(request: HttpRequest, child_id: str, notification_id: int) -> HttpResponse:
    """What was awaited has arrived."""
    child = child_or_404(request, child_id)
    notification = child.notifications.filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return form_view(
        request, SettleForm(request.POST or None), child=child, done="Marked as no longer awaited.",
        title="What was awaited has arrived", intro=f"Awaited: {notification.awaiting}",
        save=lambda data: services.notification_settle(la=request.user.local_authority, child=child,
                                                       notification=notification, actor=actor(request), **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def transfer_out(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child has moved to another LA: end the open episodes and make the transfer record."""
    child = child_or_404(request, child_id)
    return form_view(
        request, TransferOutForm(request.POST or None), child=child,
        done=lambda transfer: f"Move to {transfer.other_la.name} recorded. Download the transfer record below and "
        "send it to them securely: nothing is sent automatically.",
        title="The child has moved to another LA",
        intro="This ends the child's open episodes (moved away) and makes a transfer record holding the facts "
        "the Act requires, never case notes, for you to send to the new LA.",
        save=lambda data: services.transfer_out(la=request.user.local_authority, child=child, actor=actor(request),
                                                **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET"])
def transfer_download(request: HttpRequest, child_id: str, transfer_id: int) -> HttpResponse:
    """The transfer record, as JSON, for the officer to send to the new LA. Audited."""
    child = child_or_404(request, child_id)
    transfer = child.transfers.filter(pk=transfer_id, direction=Transfer.Direction.OUT).first()
    if transfer is None:
        raise Http404("No such transfer")
    document = services.transfer_document(la=request.user.local_authority, transfer=transfer, actor=actor(request))
    response = HttpResponse(json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="transfer-{transfer.transfer_id}.json"'
    return response


@editor
@require_http_methods(["GET", "POST"])
def transfer_import(request: HttpRequest) -> HttpResponse:
    """A transfer record another LA sent: add the child to this LA's register."""
    form = TransferImportForm(request.POST or None, request.FILES or None)

    def save(data):
        upload = data["file"]
        if upload.size > services.transfers.MAX_BYTES:
            raise services.TransferRefused("This file is too large to be a transfer record.")
        return services.transfer_in(la=request.user.local_authority, data=upload.read(), actor=actor(request))

    return form_view(
        request, form, save=save, title="Import a transfer record from another LA",
        done="Child added to the register from the transfer record. Check the details and open a visit if needed.",
        redirect_to=lambda child: back_to_child(child), back_url=reverse("register:home"),
        intro="Another LA sends this file when a child on their register moves into your area. The child is "
        "added to your register; possible duplicates are named, never merged.",
        multipart=True,
    )  # fmt: skip
