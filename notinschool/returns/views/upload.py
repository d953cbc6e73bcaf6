"""Sending a return as a file: the upload page."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import GovUKFormMixin, error_summary
from notinschool.intake import RETURN
from notinschool.periods import period_label
from notinschool.periods.lookups import spec_from
from notinschool.places.lookups import la_from
from notinschool.returns import presenters, selectors, services
from notinschool.returns.services.versions import MAX_UPLOAD_BYTES


class UploadForm(GovUKFormMixin, forms.Form):
    """The return file."""

    file = forms.FileField(
        label="Upload your return",
        error_messages={"required": "Select the completed template to upload", "empty": "The selected file is empty"},
    )


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Upload the XLSX or CSV template; a refused file keeps nothing but the attempt."""
    local_authority = la_from(request, la)
    spec_from(period)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    refused_report = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        data = uploaded.read(MAX_UPLOAD_BYTES + 1)
        try:
            outcome = services.version_create_from_file(
                la=local_authority, period=period, data=data, filename=uploaded.name, actor=Actor.from_request(request)
            )
        except services.SubmissionRefused as exc:
            form.add_error("file", exc.message)
            refused_report = exc.report
        else:
            if outcome.duplicate:
                messages.info(request, f"You have already sent this file: it is version {outcome.version.number}.")
            elif outcome.version.has_errors:
                messages.error(request, f"Version {outcome.version.number} received, with errors to fix.")
            else:
                messages.success(request, f"Version {outcome.version.number} received with no errors.")
            return redirect("returns:return", la=local_authority.old_code, period=period)
    context = {
        "la": local_authority,
        "period": period,
        "period_label": period_label(period),
        "form": form,
        "error_list": error_summary(form),
        "accepting": selectors.collection_is_open_for(local_authority, period),
        "refused": presenters.refused_report(refused_report, la_code=local_authority.old_code, period=period),
        "intake": RETURN,
    }
    return render(request, "returns/upload.html", context)
