"""The upload page for importing an existing register."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from notinschool.core.forms import error_summary
from notinschool.register import presenters
from notinschool.register.forms import ImportForm
from notinschool.register.importing import UnreadableRegister
from notinschool.register.services.importing import register_import
from notinschool.register.views.common import editor

MAX_BYTES = 20 * 1024 * 1024


@editor
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX register; every row is checked and nothing is stored unless all
    are right."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"page_title": "Import a register", "result": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", "The file is larger than 20 MB. Split it, or use the import-register command.")
        else:
            try:
                result = register_import(
                    la=request.user.local_authority,
                    data=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    request=request,
                )
            except UnreadableRegister as exc:
                form.add_error("file", str(exc))
            else:
                context["result"] = result
                if result.errors:
                    form = ImportForm()
    context.update({"form": form, "components": presenters.form_components(form), "error_list": error_summary(form)})
    return render(request, "register/import.html", context)
