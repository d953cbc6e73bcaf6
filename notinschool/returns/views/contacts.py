"""An LA's return contacts, kept by the LA or by the coordinator."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.forms import GovUKFormMixin, error_summary
from notinschool.places.lookups import la_from
from notinschool.returns import rules  # noqa: F401 - registers returns.keep_contacts
from notinschool.returns.models import ReturnContact
from notinschool.returns.services.contacts import contact_add, contact_remove


class ContactForm(GovUKFormMixin, forms.Form):
    """Name, role, email, phone, which collections."""

    name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter the contact's name"})
    role = forms.CharField(label="Role", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the contact's email address",
            "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
        },
    )
    phone = forms.RegexField(
        label="Phone number",
        required=False,
        max_length=40,
        regex=r"^[0-9 +()-]{6,40}$",
        error_messages={"invalid": "Enter a phone number, like 01632 960 001"},
    )
    topics = forms.MultipleChoiceField(
        label="Which returns",
        choices=ReturnContact.Topic.choices,
        error_messages={"required": "Select at least one return this person deals with"},
    )
    receives_reminders = forms.BooleanField(label="Send this person reminders", required=False)


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_http_methods(["GET", "HEAD", "POST"])
def contacts(request: HttpRequest, la: str) -> HttpResponse:
    """The LA's contacts, and a form to add one."""
    local_authority = la_from(request, la)
    can_edit = request.user.has_perm("returns.keep_contacts", local_authority)
    form = ContactForm(request.POST) if request.method == "POST" else ContactForm(initial={"receives_reminders": True})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("returns.keep_contacts refused")
        if form.is_valid():
            contact_add(la=local_authority, actor=Actor.from_request(request), **form.cleaned_data)
            messages.success(request, f"{form.cleaned_data['name']} added.")
            return redirect("returns:contacts", la=local_authority.old_code)
    context = {
        "la": local_authority,
        "contacts": local_authority.return_contacts.all(),
        "form": form,
        "error_list": error_summary(form),
        "can_edit": can_edit,
        "topics": dict(ReturnContact.Topic.choices),
        "chosen_topics": request.POST.getlist("topics") if request.method == "POST" else [],
    }
    return render(request, "returns/contacts.html", context)


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_POST
def contact_delete(request: HttpRequest, la: str, contact_id: int) -> HttpResponse:
    """Remove a contact (another LA's contact is not found)."""
    local_authority = la_from(request, la)
    if not request.user.has_perm("returns.keep_contacts", local_authority):
        raise PermissionDenied("returns.keep_contacts refused")
    contact = contact_remove(la=local_authority, contact_id=contact_id, actor=Actor.from_request(request))
    if contact is None:
        raise Http404("No such contact")
    messages.success(request, f"{contact.name} removed.")
    return redirect("returns:contacts", la=local_authority.old_code)
