"""Sharing's forms."""

import datetime

from django import forms
from django.utils import timezone

from notinschool.core.forms import GovUKFormMixin
from notinschool.periods.specs import all_periods
from notinschool.sharing.models import Audience
from notinschool.sharing.paper_check import MAX_BYTES

MAX_SHARE_DAYS = 90


def period_choices() -> list[tuple[str, str]]:
    from notinschool.periods import period_label

    return [(p, period_label(p)) for p in reversed(all_periods())]


class ExtractForm(GovUKFormMixin, forms.Form):
    """What goes in an extract, and for whom."""

    title = forms.CharField(max_length=150, error_messages={"required": "Enter a title for the extract"})
    recipient = forms.ChoiceField(error_messages={"required": "Select who the extract is for"})
    measures = forms.MultipleChoiceField(error_messages={"required": "Select at least one measure"})
    periods = forms.MultipleChoiceField(error_messages={"required": "Select at least one term"})
    las = forms.MultipleChoiceField(error_messages={"required": "Select at least one local authority"})

    def __init__(self, *args, recipients, measures, las, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipients
        self.fields["measures"].choices = measures
        self.fields["periods"].choices = period_choices()
        self.fields["las"].choices = las


class ConsentRequestForm(GovUKFormMixin, forms.Form):
    """Ask LAs for permission to share with one recipient."""

    recipient = forms.ChoiceField(error_messages={"required": "Select who the figures would go to"})
    las = forms.MultipleChoiceField(error_messages={"required": "Select at least one local authority"})
    purpose = forms.CharField(
        max_length=1000, widget=forms.Textarea, error_messages={"required": "Say why the figures are needed"}
    )

    def __init__(self, *args, recipients, las, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = recipients
        self.fields["las"].choices = las


class ShareLinkForm(GovUKFormMixin, forms.Form):
    """A read-only link for people outside the network, until a date."""

    shared_with = forms.CharField(max_length=150, error_messages={"required": "Enter who the link is for"})
    audience = forms.ChoiceField(error_messages={"required": "Select which audience the people with the link are in"})
    expires_on = forms.DateField(
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        error_messages={
            "required": "Enter the date the link stops working",
            "invalid": "Enter a real date, like 31/12/2026",
        },
    )

    def __init__(self, *args, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError("The date the link stops working must be today or in the future")
        if value > today + datetime.timedelta(days=MAX_SHARE_DAYS):
            raise forms.ValidationError(f"A link can last at most {MAX_SHARE_DAYS} days")
        return value


class VignetteForm(GovUKFormMixin, forms.Form):
    """A short anonymised case story."""

    title = forms.CharField(max_length=120, error_messages={"required": "Enter a title"})
    body = forms.CharField(
        max_length=3000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the story", "max_length": "The story must be 3,000 characters or fewer"},
    )
    measures = forms.MultipleChoiceField(required=False)
    periods = forms.MultipleChoiceField(required=False)
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = measures
        self.fields["periods"].choices = period_choices()


class PaperForm(GovUKFormMixin, forms.Form):
    """Upload a paper with its audience."""

    title = forms.CharField(max_length=150, error_messages={"required": "Enter the paper's title"})
    file = forms.FileField(
        error_messages={
            "required": "Select a PDF or Word document",
            "empty": "The selected file is empty. Choose the paper again.",
        }
    )
    audience = forms.ChoiceField(choices=Audience.choices, error_messages={"required": "Select who may read the paper"})
    las = forms.MultipleChoiceField(required=False)
    roles = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, las, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["las"].choices = las
        self.fields["roles"].choices = roles

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.LIMITED and not (data.get("las") or data.get("roles")):
            self.add_error("las", "Select the local authorities or roles that may read a limited paper")
        return data
