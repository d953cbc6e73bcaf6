"""Forms for the register. Each renders through `register/_fields.html`, which picks the
GOV.UK component for the widget."""

import datetime

from django import forms

from notinschool.core.forms import GovUKFormMixin
from notinschool.core.presenters import in_sentence
from notinschool.intake import REGISTER
from notinschool.places.models import LocalAuthority
from notinschool.register import checks, choices, factset
from notinschool.register.models import (
    Address,
    Child,
    Contact,
    Episode,
    Notification,
    Parent,
    Provider,
    RegisterSettings,
    SAOEvent,
    Source,
)

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
        label = in_sentence(str(field.label or "this"))
        if field.error_messages.get("required") != default:
            continue
        if isinstance(field, forms.FileField):
            field.error_messages["required"] = "Choose a file"
        elif isinstance(field, forms.ChoiceField):
            field.error_messages["required"] = f"Select the {label.rstrip('?')}"
        else:
            field.error_messages["required"] = f"Enter the {label}"


def events_in_the_past(form: forms.BaseForm) -> None:
    """Dates of things that happened cannot be after today; the form's `future_allowed` names
    the dates that may be (a planned visit, a notice's deadline, a census date)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) and name not in form.future_allowed and name != "date_of_birth":
            label = in_sentence(str(field.label or name))
            field.validators.append(_not_after_today(label))


def _not_after_today(label: str):
    def validate(value: datetime.date) -> None:
        problem = checks.not_in_future(value, today=datetime.date.today(), what=label)
        if problem:
            raise forms.ValidationError(problem)

    return validate


class RegisterForm(GovUKFormMixin, forms.Form):
    """Base for the register's plain forms, with GOV.UK error messages."""

    future_allowed: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_what_is_missing(self)
        events_in_the_past(self)


class RegisterModelForm(GovUKFormMixin, forms.ModelForm):
    """A model form whose date fields take dates as people write them."""

    future_allowed: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                self.fields[name] = DateField(
                    required=field.required, label=field.label, initial=field.initial, help_text=DATE_HINT
                )
        say_what_is_missing(self)
        events_in_the_past(self)


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
            "nhs_number",
            "local_reference",
            "sen_support",
            "ehcp",
            "child_in_need",
            "child_protection",
            "looked_after",
            "optional_facts_source",
            "destination_at_16",
        ]
        labels = {"upn": "UPN (optional)", "nhs_number": "NHS number (optional)"}

    def __init__(self, *args, register_settings: RegisterSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_settings = register_settings
        for setting, field in self.OPTIONAL.items():
            if not getattr(register_settings, setting):
                del self.fields[field]
        for name in factset.OPTIONAL_FIELDS:
            if name in self.fields:
                self.fields[name].label = f"{self.fields[name].label} (optional, s436C(2))"
        if not any(name in self.fields for name in factset.OPTIONAL_FIELDS):
            del self.fields["optional_facts_source"]
        else:
            self.fields["optional_facts_source"] = forms.ChoiceField(
                label="Where the optional facts came from", required=False,
                choices=[("", "Not recorded"), *Source.choices],
                help_text="The facts marked s436C(2) are optional: say where they came from.",
            )  # fmt: skip
        self.fields["date_of_birth"].required = False
        self.fields["upn"].help_text = "The unique pupil number: a check letter and 12 more characters."
        self.fields["nhs_number"].help_text = "10 digits, for example 943 476 5870."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_upn(self):
        value = self.cleaned_data.get("upn", "")
        problem = checks.upn_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return checks.clean_upn(value)

    def clean_nhs_number(self):
        value = self.cleaned_data.get("nhs_number", "")
        problem = checks.nhs_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return checks.clean_nhs_number(value)

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        problem = checks.date_of_birth_problem(
            born, today=datetime.date.today(), years_back=self.register_settings.retention_years
        )
        if problem:
            raise forms.ValidationError(problem)
        return born


class AddressForm(RegisterModelForm):
    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "lived_from"]
        labels = {"line_1": "Address line 1", "line_2": "Address line 2 (optional)", "lived_from": "Lived here from"}


class ParentForm(RegisterModelForm):
    class Meta:
        model = Parent
        fields = ["name", "relationship", "address", "educates_child", "hours_educating", "phone", "email"]
        labels = {
            "educates_child": "This parent or carer educates the child",
            "hours_educating": "Hours a week this parent educates the child (s436C(1)(d))",
        }


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
            "eligibility_ground", "start_date", "notified_on", "notified_by", "previous_school",
            "previous_school_type", "reason", "hours_by_parents", "hours_by_others", "suitability",
        ],
        Episode.Kind.CME: ["eligibility_ground", "start_date", "identified_how", "missing_since", "reason"],
        Episode.Kind.S19: [
            "eligibility_ground", "start_date", "referral_on", "fifteenth_missed_day", "decision", "decision_on",
            "provision_started_on", "provision_type", "hours_a_week", "full_time",
        ],
        Episode.Kind.FLEXI: ["eligibility_ground", "start_date", "arrangement", "hours_in_school"],
        Episode.Kind.PART_TIME: ["eligibility_ground", "start_date", "arrangement", "hours_in_school"],
        Episode.Kind.OFF_SITE: ["eligibility_ground", "start_date", "arrangement", "hours_in_school"],
        Episode.Kind.PART_TIME_STUDENT: ["eligibility_ground", "start_date", "arrangement", "hours_in_school"],
    }  # fmt: skip

    class Meta:
        model = Episode
        fields = sorted({f for fields in [
            ["eligibility_ground", "start_date", "notified_on", "notified_by", "previous_school",
             "previous_school_type", "reason", "hours_by_parents", "hours_by_others", "suitability", "identified_how",
             "missing_since", "referral_on",
             "fifteenth_missed_day", "decision", "decision_on", "provision_started_on", "provision_type",
             "hours_a_week", "full_time", "arrangement", "hours_in_school"]] for f in fields})  # fmt: skip
        labels = {
            "start_date": "Start date",
            "eligibility_ground": "Why the child is eligible for the register (s436B(5), condition C)",
            "reason": "Primary reason",
            "hours_by_parents": "Estimated hours a week educated by parents, in all (s436C(1)(d))",
            "hours_by_others": "Estimated hours a week educated by others, in all (s436C(1)(d))",
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
        if "eligibility_ground" in self.fields:
            from notinschool.register.services.episodes import DEFAULT_GROUND

            self.fields["eligibility_ground"] = forms.ChoiceField(
                label=self.fields["eligibility_ground"].label, choices=Episode.Ground.choices, required=False,
                widget=forms.RadioSelect, initial=self.instance.eligibility_ground or DEFAULT_GROUND.get(kind, ""),
            )  # fmt: skip
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
    """Another provider educating the child (s436C(1)(e))."""

    class Meta:
        model = Provider
        fields = ["name", "provider_type", "address", "online_address", "hours_a_week", "unsupervised_hours"]
        labels = {
            "provider_type": "Type of provider",
            "address": "Address where the education happens",
            "online_address": "Website or email, if the education is online",
            "hours_a_week": "Hours a week",
            "unsupervised_hours": "Of those, hours a week without a parent present",
        }
        widgets = {"provider_type": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if not data.get("address") and not data.get("online_address"):
            self.add_error("address", "Enter where the education happens, or the website or email if it is online")
        hours, alone = data.get("hours_a_week"), data.get("unsupervised_hours")
        if hours is not None and alone is not None and alone > hours:
            self.add_error("unsupervised_hours", "Hours without a parent present cannot be more than the hours")
        return data


class NotificationLogForm(RegisterForm):
    """What a parent (s436D) or provider (s436E) told the LA, and what is still awaited."""

    sent_by = forms.ChoiceField(label="Who sent it", choices=Notification.From.choices, widget=forms.RadioSelect)
    sender_name = forms.CharField(label="Their name", max_length=200)
    received_on = DateField(label="Date received")
    facts = forms.MultipleChoiceField(
        label="Which facts changed", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(f.code, f"{f.label} ({f.section})") for f in factset.in_force(datetime.date.today()).facts],
    )  # fmt: skip
    what_changed = forms.CharField(label="What changed", widget=forms.Textarea, required=False, max_length=2000)
    awaiting = forms.CharField(
        label="What is still awaited (leave blank if nothing)", widget=forms.Textarea, required=False, max_length=1000
    )


class SettleForm(RegisterForm):
    settled_on = DateField(label="Date what was awaited arrived")


class TransferOutForm(RegisterForm):
    """The child has moved to another LA."""

    to_la = forms.ModelChoiceField(
        label="The LA the child has moved to",
        queryset=LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT).order_by("name"),
        to_field_name="old_code",
        error_messages={"invalid_choice": "Select the LA from the list", "required": "Select the LA from the list"},
    )
    moved_on = DateField(label="Date the child moved")


class TransferImportForm(RegisterForm):
    file = forms.FileField(label="Transfer record (JSON)")


class SAOEventForm(RegisterModelForm):
    future_allowed = frozenset({"deadline"})

    class Meta:
        model = SAOEvent
        fields = ["kind", "happened_on", "deadline", "school_named", "notes"]
        labels = {"kind": "Step", "happened_on": "Date", "deadline": "Deadline for the parent (if any)"}
        widgets = {"kind": forms.RadioSelect}


class ContactForm(RegisterModelForm):
    future_allowed = frozenset({"scheduled_for"})

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
    file = forms.FileField(label="Register file (CSV or XLSX)", help_text=REGISTER.hint)


class ReturnDatesForm(RegisterForm):
    future_allowed = frozenset({"census_date", "previous_census_date"})

    census_date = DateField(label="Census date")
    previous_census_date = DateField(label="Previous census date")
