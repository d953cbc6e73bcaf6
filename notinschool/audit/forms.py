"""The filter on the audit log page."""

from django import forms

from notinschool.audit.actions import Action
from notinschool.audit.selectors import AuditFilter
from notinschool.core.forms import GovUKFormMixin
from notinschool.places.models import LocalAuthority


class AuditFilterForm(GovUKFormMixin, forms.Form):
    """Who, what, which LA, and between which dates."""

    actor = forms.EmailField(label="User's email address", required=False, max_length=254)
    action = forms.ChoiceField(label="What happened", required=False, choices=[("", "Anything"), *Action.choices])
    la = forms.ModelChoiceField(
        label="Local authority",
        required=False,
        queryset=LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT),
        to_field_name="old_code",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    date_from = forms.DateField(
        label="From", required=False, error_messages={"invalid": "Enter the from date like 2026-01-31"}
    )
    date_to = forms.DateField(
        label="To", required=False, error_messages={"invalid": "Enter the to date like 2026-01-31"}
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def criteria(self) -> AuditFilter:
        """The filter to apply; call after is_valid()."""
        data = self.cleaned_data
        la = data.get("la")
        return AuditFilter(
            actor_email=data.get("actor") or "",
            action=data.get("action") or "",
            local_authority_id=la.id if la else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
