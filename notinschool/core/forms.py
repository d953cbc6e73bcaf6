"""The one error-summary mechanism every form in the service uses.

A form that fails validation hands `error_summary(form)` to the layout, which renders a GOV.UK
error summary at the top of the page linking to each field, and puts "Error: " in the title.
"""

from django import forms


def field_id(form: forms.BaseForm, name: str) -> str:
    """The id of the input a summary link should move focus to."""
    if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
        return "main-content"
    return form[name].id_for_label or form.add_prefix(name)


def error_summary(form: forms.BaseForm | None) -> list[dict]:
    """Error-summary items for a bound form: [{'text': ..., 'href': '#id'}], empty when valid."""
    if form is None or not form.is_bound or not form.errors:
        return []
    items = []
    for name, errors in form.errors.items():
        for message in errors:
            items.append({"text": message, "href": "#" + field_id(form, name)})
    return items


class GovUKFormMixin:
    """Error messages written the GOV.UK way, for every form that mixes this in."""

    def field_error(self, name: str) -> dict | None:
        """The `errorMessage` parameter a GOV.UK macro takes for this field, or None."""
        errors = self.errors.get(name) if self.is_bound else None  # type: ignore[attr-defined]
        return {"text": " ".join(errors)} if errors else None


def single_line(text: str) -> str:
    """`text` with control characters (tabs, line breaks, bells…) turned into spaces, runs of
    spaces made one, and the ends trimmed."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class SingleLineField(forms.CharField):
    """A short text such as a name, shown in headings, tables and downloads: kept to one line
    of printable characters. What a refused form shows again is cleaned the same way, so a
    pasted control character never reaches a page."""

    def to_python(self, value):
        """The cleaned text."""
        text = super().to_python(value)
        return single_line(text) if isinstance(text, str) else text

    def prepare_value(self, value):
        """The value as the form shows it again."""
        return single_line(value) if isinstance(value, str) else value


DATE_PARTS = ("day", "month", "year")


class GovUKDateWidget(forms.Widget):
    """The three boxes of the GOV.UK date input, named `<name>-day`, `<name>-month` and
    `<name>-year`. Its value is what was typed, kept as text so a refused form shows it again."""

    def value_from_datadict(self, data, files, name):
        """(day, month, year) as typed."""
        return tuple(str(data.get(f"{name}-{part}", "")).strip() for part in DATE_PARTS)

    def value_omitted_from_data(self, data, files, name):
        """True when none of the three boxes was sent."""
        return all(f"{name}-{part}" not in data for part in DATE_PARTS)

    def id_for_label(self, id_):
        """The error summary links to the day box, as the GOV.UK pattern says."""
        return f"{id_}-day" if id_ else id_


class GovUKDateField(forms.Field):
    """A date typed into the GOV.UK date input, with its messages: "Enter the census date",
    "Census date must include a month", "Census date must be a real date"."""

    widget = GovUKDateWidget

    def __init__(self, *, label: str, **kwargs):
        super().__init__(label=label, **kwargs)

    def _name(self) -> str:
        return str(self.label)

    def to_python(self, value):
        """A date, None when all three boxes are empty, or a ValidationError saying what to fix."""
        import datetime

        if isinstance(value, datetime.date):
            return value
        parts = dict(zip(DATE_PARTS, value or ("", "", ""), strict=True))
        if not any(parts.values()):
            return None
        missing = [part for part in DATE_PARTS if not parts[part]]
        if missing:
            raise forms.ValidationError(f"{self._name()} must include a {' and a '.join(missing)}", code="incomplete")
        if not all(parts[part].isdigit() for part in DATE_PARTS):
            raise forms.ValidationError(f"{self._name()} must be a real date, in numbers", code="invalid")
        if len(parts["year"]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise forms.ValidationError(f"{self._name()} must be a real date", code="invalid") from None

    def validate(self, value):
        """Required dates say which date to enter."""
        if value in self.empty_values and self.required:
            raise forms.ValidationError(f"Enter the {self._name()[:1].lower()}{self._name()[1:]}", code="required")


def date_input_items(bound_field) -> list[dict]:
    """`items` for govukDateInput: the three boxes with what was typed (or the saved date), and
    the ones to fix marked in error."""
    value = bound_field.value()
    if hasattr(value, "year"):
        typed = (str(value.day), str(value.month), str(value.year))
    else:
        typed = tuple(value) if value else ("", "", "")
    # Only the boxes left empty are marked when some were filled in; otherwise all three.
    empty = {part for part, text in zip(DATE_PARTS, typed, strict=True) if not text}
    marked: set[str] = set()
    if bound_field.errors:
        marked = empty if empty and len(empty) < len(DATE_PARTS) else set(DATE_PARTS)
    widths = {"day": 2, "month": 2, "year": 4}
    return [
        {
            "name": part,
            "label": part.capitalize(),
            "value": typed[index],
            "classes": f"govuk-input--width-{widths[part]}" + (" govuk-input--error" if part in marked else ""),
        }
        for index, part in enumerate(DATE_PARTS)
    ]
