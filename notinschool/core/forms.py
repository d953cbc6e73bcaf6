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
