"""The upload page for importing an existing register."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from notinschool.core.forms import error_summary
from notinschool.intake import REGISTER
from notinschool.jobs.services import start_job
from notinschool.register import presenters
from notinschool.register.forms import ImportForm
from notinschool.register.jobs import IMPORT
from notinschool.register.views.common import actor, editor


@editor
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX register; it is checked and stored by a job (every row is checked
    and nothing is stored unless all are right), whose page shows how it went."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"page_title": "Import a register"}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > REGISTER.max_bytes:
            form.add_error("file", REGISTER.too_big(upload.size))
        else:
            job = start_job(
                kind=IMPORT,
                params={"la": request.user.local_authority.old_code},
                actor=actor(request),
                title=f"Importing {upload.name} into the register",
                back_url=reverse("register:import"),
                files={"upload": (upload.name, upload)},
            )
            return redirect(job)
    context.update({"form": form, "components": presenters.form_components(form), "error_list": error_summary(form)})
    return render(request, "register/import.html", context)
