"""Forms for comparison groups."""

from django import forms

from notinschool.core.forms import GovUKFormMixin, SingleLineField
from notinschool.places.models import LocalAuthority


class ComparisonGroupForm(GovUKFormMixin, forms.Form):
    """A name and the LAs in the group."""

    name = SingleLineField(
        label="Name of the group",
        max_length=100,
        error_messages={"required": "Enter a name for the group", "max_length": "Name must be 100 characters or fewer"},
    )
    local_authorities = forms.ModelMultipleChoiceField(
        label="Local authorities",
        queryset=LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT),
        to_field_name="old_code",
        error_messages={
            "required": "Select at least two local authorities",
            "invalid_choice": "Select local authorities from the list",
            "invalid_pk_value": "Select local authorities from the list",
        },
    )

    def __init__(self, *args, owner=None, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)

    def clean_local_authorities(self):
        chosen = self.cleaned_data["local_authorities"]
        if len(chosen) < 2:
            raise forms.ValidationError("Select at least two local authorities")
        return chosen

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.owner is not None and self.owner.comparison_groups.filter(name__iexact=name).exists():
            raise forms.ValidationError("You already have a group with this name. Choose another name")
        return name
