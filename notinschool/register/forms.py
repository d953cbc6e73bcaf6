"""Forms for the register. Each renders through `register/_fields.html`, which picks the
GOV.UK component for the widget."""

from django import forms

from notinschool.core.forms import GovUKFormMixin
from notinschool.register import choices
from notinschool.register.models import Address, Child, Contact, Episode, Parent, Provider, RegisterSettings, SAOEvent

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 27/3/2015"


class DateField(forms.DateField):
    """A date typed as people write it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, for example 27/3/2015"})
        super().__init__(*args, **kwargs)


def say_what_is_missing(form: forms.BaseForm) -> None:
    """GOV.UK-style messages for empty required fields: "Enter the given name", not "This
    field is required"."""
    default = forms.Field.default_error_messages["required"]
    for field in form.fields.values():
        label = str(field.label or "this").lower()
        if field.error_messages.get("required") != default:
            continue
        if isinstance(field, forms.FileField):
            field.error_messages["required"] = "Choose a file"
        elif isinstance(field, forms.ChoiceField):
            field.error_messages["required"] = f"Select the {label.rstrip('?')}"
        else:
            field.error_messages["required"] = f"Enter the {label}"


class RegisterForm(GovUKFormMixin, forms.Form):
    """Base for the register's plain forms, with GOV.UK error messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_what_is_missing(self)


class RegisterModelForm(GovUKFormMixin, forms.ModelForm):
    """A model form whose date fields take dates as people write them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                self.fields[name] = DateField(
                    required=field.required, label=field.label, initial=field.initial, help_text=DATE_HINT
                )
        say_what_is_missing(self)


class SearchForm(RegisterForm):
    name = forms.CharField(label="Name, UPN or reference", required=False, max_length=100)
    date_of_birth = DateField(label="Date of birth", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("date_of_birth") and not self.errors:
            raise forms.ValidationError("Enter a name, UPN, reference or date of birth")
        return data


class ChildForm(RegisterModelForm):
    """A child's details. Optional facts the LA does not record are removed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    OPTIONAL = {
        "record_sen_support": "sen_support",
        "record_ehcp": "ehcp",
        "record_child_in_need": "child_in_need",
        "record_child_protection": "child_protection",
        "record_looked_after": "looked_after",
    }

    class Meta:
        model = Child
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "upn",
            "local_reference",
            "sen_support",
            "ehcp",
            "child_in_need",
            "child_protection",
            "looked_after",
            "destination_at_16",
        ]

    def __init__(self, *args, register_settings: RegisterSettings, **kwargs):
        super().__init__(*args, **kwargs)
        for setting, field in self.OPTIONAL.items():
            if not getattr(register_settings, setting):
                del self.fields[field]
        self.fields["date_of_birth"].required = False
        self.fields["upn"].help_text = "The unique pupil number, if known: a letter and 12 digits."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_upn(self):
        upn = self.cleaned_data.get("upn", "").strip().upper()
        if upn and not (len(upn) == 13 and upn[0].isalpha() and upn[1:12].isdigit()):
            raise forms.ValidationError("Enter a UPN as a letter followed by 12 characters, or leave it blank")
        return upn


class AddressForm(RegisterModelForm):
    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "lived_from"]
        labels = {"line_1": "Address line 1", "line_2": "Address line 2 (optional)", "lived_from": "Lived here from"}


class ParentForm(RegisterModelForm):
    class Meta:
        model = Parent
        fields = ["name", "relationship", "address", "educates_child", "phone", "email"]
        labels = {"educates_child": "This parent or carer educates the child"}


class NotificationForm(RegisterForm):
    """A school's notice that a parent is removing the child to home educate."""

    notified_on = DateField(label="Date the school told the LA")
    school = forms.CharField(label="School", max_length=200)
    school_type = forms.ChoiceField(label="Type of school", choices=choices.previous_school_types)
    start_date = DateField(label="Date the child leaves the school's roll", required=False)
    reason = forms.ChoiceField(label="Primary reason given", choices=choices.ehe_reasons, required=False)


class EpisodeForm(RegisterModelForm):
    """Open or change an episode. The fields shown depend on the kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    FIELDS_BY_KIND = {
        Episode.Kind.EHE: [
            "start_date", "notified_on", "notified_by", "previous_school", "previous_school_type", "reason",
            "hours_by_parents", "hours_by_others", "suitability",
        ],
        Episode.Kind.CME: ["start_date", "identified_how", "missing_since", "reason"],
        Episode.Kind.S19: [
            "start_date", "referral_on", "fifteenth_missed_day", "decision", "decision_on", "provision_started_on",
            "provision_type", "hours_a_week", "full_time",
        ],
        Episode.Kind.FLEXI: ["start_date", "arrangement", "hours_in_school"],
        Episode.Kind.PART_TIME: ["start_date", "arrangement", "hours_in_school"],
        Episode.Kind.OFF_SITE: ["start_date", "arrangement", "hours_in_school"],
    }  # fmt: skip

    class Meta:
        model = Episode
        fields = sorted({f for fields in [
            ["start_date", "notified_on", "notified_by", "previous_school", "previous_school_type", "reason",
             "hours_by_parents", "hours_by_others", "suitability", "identified_how", "missing_since", "referral_on",
             "fifteenth_missed_day", "decision", "decision_on", "provision_started_on", "provision_type",
             "hours_a_week", "full_time", "arrangement", "hours_in_school"]] for f in fields})  # fmt: skip
        labels = {
            "start_date": "Start date",
            "reason": "Primary reason",
            "hours_by_parents": "Estimated hours a week educated by parents",
            "hours_by_others": "Estimated hours a week educated by others",
            "missing_since": "Date education stopped",
            "identified_how": "How the child was identified",
            "referral_on": "Date of referral",
            "fifteenth_missed_day": "Date of the 15th missed school day (if known)",
            "decision_on": "Date of decision",
            "provision_started_on": "Date provision started",
            "hours_a_week": "Hours a week",
            "full_time": "Full-time provision",
            "hours_in_school": "Hours a week in school",
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(self.FIELDS_BY_KIND[kind]) | {"version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "reason" in self.fields:
            options = choices.ehe_reasons() if kind == Episode.Kind.EHE else choices.cme_reasons()
            self.fields["reason"] = forms.ChoiceField(label="Primary reason", choices=options, required=False)
        if "previous_school_type" in self.fields:
            self.fields["previous_school_type"] = forms.ChoiceField(
                label="Type of previous school", choices=choices.previous_school_types(), required=False
            )
        if "provision_type" in self.fields:
            self.fields["provision_type"] = forms.ChoiceField(
                label="Provision type", choices=choices.s19_provision_types(), required=False
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("provision_started_on") and not data.get("provision_type"):
            self.add_error("provision_type", "Choose the provision type, as provision has started")
        return data


class CloseForm(RegisterForm):
    end_date = DateField(label="Date the episode ended")
    outcome = forms.ChoiceField(label="Outcome", choices=Episode.Outcome.choices, widget=forms.RadioSelect)
    school_type_returned_to = forms.ChoiceField(
        label="Type of school returned to", choices=choices.school_types_returned_to, required=False
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False)


class ConsentForm(RegisterForm):
    given = forms.TypedChoiceField(
        label="Does the LA consent to the child being home educated?",
        choices=[("yes", "Yes, consent given"), ("no", "No, consent refused")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the LA consents"},
    )
    decided_on = DateField(label="Date of decision")


class ReclassifyForm(RegisterForm):
    on = DateField(label="Date home education was found unsuitable")


class ProviderForm(RegisterModelForm):
    website = forms.URLField(label="Website (if education is online)", required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = ["name", "provider_type", "address", "hours_a_week", "unsupervised_hours"]
        labels = {"provider_type": "Type of provider", "address": "Address where education happens"}


class SAOEventForm(RegisterModelForm):
    class Meta:
        model = SAOEvent
        fields = ["kind", "happened_on", "deadline", "school_named", "notes"]
        labels = {"kind": "Step", "happened_on": "Date", "deadline": "Deadline for the parent (if any)"}
        widgets = {"kind": forms.RadioSelect}


class ContactForm(RegisterModelForm):
    class Meta:
        model = Contact
        fields = ["kind", "scheduled_for", "happened_on", "with_whom", "notes"]
        labels = {"kind": "Type of contact", "scheduled_for": "Planned for", "happened_on": "Date it happened"}
        widgets = {"kind": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if not data.get("scheduled_for") and not data.get("happened_on"):
            raise forms.ValidationError("Enter the date it is planned for, or the date it happened")
        return data


class EraseForm(RegisterForm):
    reason = forms.CharField(label="Why is this record being erased?", widget=forms.Textarea, max_length=500)


class SettingsForm(RegisterModelForm):
    class Meta:
        model = RegisterSettings
        fields = [
            "record_sen_support",
            "record_ehcp",
            "record_child_in_need",
            "record_child_protection",
            "record_looked_after",
            "retention_years",
        ]
        labels = {
            "record_sen_support": "Record SEN support",
            "record_ehcp": "Record EHC plans",
            "record_child_in_need": "Record child in need",
            "record_child_protection": "Record child protection enquiries and plans",
            "record_looked_after": "Record looked-after children",
            "retention_years": "Years to keep a record after the last episode ends",
        }


class ImportForm(RegisterForm):
    file = forms.FileField(label="Register file (CSV or XLSX)")


class ReturnDatesForm(RegisterForm):
    census_date = DateField(label="Census date")
    previous_census_date = DateField(label="Previous census date")
