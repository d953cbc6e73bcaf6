"""The form for importing an EES file."""

from django import forms

from notinschool.core.forms import GovUKFormMixin
from notinschool.intake import PUBLISHED
from notinschool.published.models import Publication

MAX_UPLOAD_BYTES = PUBLISHED.max_bytes
DETECT = ""


class ImportForm(GovUKFormMixin, forms.Form):
    """An EES CSV file and, when its name does not say, which statistics it holds."""

    file = forms.FileField(
        label="EES data file (CSV)",
        help_text=PUBLISHED.hint,
        error_messages={"required": "Select the CSV file you downloaded from Explore Education Statistics"},
    )
    publication = forms.ChoiceField(
        label="Which statistics the file holds",
        choices=[(DETECT, "Work it out from the file"), *Publication.choices],
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(PUBLISHED.too_big(upload.size))
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload
