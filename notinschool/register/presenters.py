"""Display values for the register: form fields as GOV.UK component parameters, and the
labels of codes."""

from django import forms

from notinschool.core.presenters import long_date, number_as_written
from notinschool.register import checks, choices, factset
from notinschool.register.generation import year_group


def component_for(form: forms.BaseForm, name: str) -> dict:
    """The GOV.UK macro (`component`) and its parameters for one field of a form."""
    bound = form[name]
    field = bound.field
    widget = field.widget
    value = bound.value()
    error = form.field_error(name) if hasattr(form, "field_error") else None
    label = str(field.label or name.replace("_", " ").capitalize())
    if not field.required and not isinstance(field, forms.BooleanField) and "(optional)" not in label:
        label += " (optional)"
    base = {"id": bound.id_for_label or f"id_{name}", "name": bound.html_name, "errorMessage": error}
    hint = {"text": str(field.help_text)} if field.help_text else None
    if isinstance(widget, forms.HiddenInput):
        return {"component": "hidden", "params": {"name": bound.html_name, "value": "" if value is None else value}}
    if isinstance(widget, forms.CheckboxInput):
        return {
            "component": "checkboxes",
            "params": {
                "idPrefix": base["id"],
                "name": base["name"],
                "errorMessage": error,
                "hint": hint,
                "classes": "govuk-checkboxes--small",
                "items": [{"value": "on", "text": label, "checked": bool(value)}],
            },
        }
    options = [(str(k), str(v)) for k, v in getattr(field, "choices", [])]
    if isinstance(widget, forms.RadioSelect):
        return {
            "component": "radios",
            "params": {
                "idPrefix": base["id"],
                "name": base["name"],
                "errorMessage": error,
                "hint": hint,
                "fieldset": {"legend": {"text": label, "classes": "govuk-fieldset__legend--s"}},
                "items": [{"value": k, "text": v, "checked": str(value) == k} for k, v in options if k != ""],
            },
        }
    params = {**base, "label": {"text": label}, "hint": hint}
    if isinstance(widget, forms.Select):
        params["items"] = [{"value": k, "text": v, "selected": str(value or "") == k} for k, v in options]
        return {"component": "select", "params": params}
    if isinstance(widget, forms.Textarea):
        params["value"] = value or ""
        params["rows"] = 4
        return {"component": "textarea", "params": params}
    if isinstance(widget, forms.FileInput):
        return {"component": "file", "params": params}
    if isinstance(value, str) or value is None:
        shown = value or ""
    elif hasattr(value, "year"):
        shown = f"{value.day}/{value.month}/{value.year}"
    else:
        shown = str(value)
    params["value"] = shown
    if isinstance(field, forms.DateField):
        params["classes"] = "govuk-input--width-10"
    elif isinstance(field, forms.DecimalField | forms.IntegerField):
        params["classes"] = "govuk-input--width-4"
        params["inputmode"] = "decimal"
    return {"component": "input", "params": params}


def form_components(form: forms.BaseForm) -> list[dict]:
    """Every field of the form as a component, in order."""
    return [component_for(form, name) for name in form.fields]


def label_of(breakdown: str, code: str) -> str:
    """The label of a reason or type code ("religious" → "Religious"); the code itself when
    the latest spec no longer has it."""
    return dict(choices.categories(breakdown)).get(code, code)


def year_group_label(child, today) -> str:
    """The child's year group this academic year, or why there is none."""
    group = year_group(child.date_of_birth, checks.academic_year_start(today))
    if group is None:
        return "Not of compulsory school age"
    return "Reception" if group == "reception" else group.replace("_", " ").capitalize()


def _weeks_missing(episode) -> str:
    """How long an open CME episode has been missing education, today, in whole weeks."""
    import datetime

    if episode.kind != "cme" or episode.end_date or not episode.missing_since:
        return ""
    weeks = max(0, (datetime.date.today() - episode.missing_since).days // 7)
    return f"{weeks} week{'s' if weeks != 1 else ''} (today)"


def episode_summary(episode) -> list[tuple[str, str]]:
    """The filled-in facts of an episode as (label, text) rows."""
    rows = [("Started", long_date(episode.start_date))]
    if episode.end_date:
        rows.append(("Ended", f"{long_date(episode.end_date)}: {episode.get_outcome_display()}"))
    reason_breakdown = "ehe_reason" if episode.kind == "ehe" else "cme_reason"
    facts = [
        ("Primary reason", label_of(reason_breakdown, episode.reason) if episode.reason else ""),
        ("Notified", long_date(episode.notified_on)),
        ("Notified by", episode.get_notified_by_display() if episode.notified_by else ""),
        ("Previous school", episode.previous_school),
        (
            "Previous school type",
            label_of("previous_school_type", episode.previous_school_type) if episode.previous_school_type else "",
        ),
        ("Eligible for the register", episode.get_eligibility_ground_display() if episode.eligibility_ground else ""),
        ("Hours a week by parents", number_as_written(episode.hours_by_parents)),
        ("Hours a week by others", number_as_written(episode.hours_by_others)),
        ("Suitability", episode.get_suitability_display() if episode.suitability else ""),
        ("Consent (s434A)", episode.get_consent_display() if episode.consent else ""),
        ("How identified", episode.identified_how),
        ("Education stopped", long_date(episode.missing_since)),
        ("Missing education for", _weeks_missing(episode)),
        ("Referral", long_date(episode.referral_on)),
        ("Decision", f"{episode.get_decision_display()} {long_date(episode.decision_on)}" if episode.decision else ""),
        ("Provision started", long_date(episode.provision_started_on)),
        ("Provision type", label_of("s19_provision_type", episode.provision_type) if episode.provision_type else ""),
        ("Hours a week", number_as_written(episode.hours_a_week)),
        ("Arrangement", episode.arrangement),
        ("Hours a week in school", number_as_written(episode.hours_in_school)),
        (
            "School type returned to",
            label_of("school_type_returned_to", episode.school_type_returned_to)
            if episode.school_type_returned_to
            else "",
        ),
        ("Outcome notes", episode.outcome_notes),
    ]
    return rows + [(label, text) for label, text in facts if text]


def eligibility(child, today) -> dict:
    """Whether the child is eligible for the register today (s436B(2)): condition A (lives in
    the LA's area: the register holds only its own residents, and a move is a transfer),
    condition B (compulsory school age, from the date of birth) and condition C (the grounds
    recorded on open episodes)."""
    grounds = sorted(
        {e.get_eligibility_ground_display() for e in child.episodes.all()
         if e.end_date is None and e.eligibility_ground and e.eligibility_ground != "not_eligible"}
    )  # fmt: skip
    school_age = year_group(child.date_of_birth, checks.academic_year_start(today))
    if child.date_of_birth is None:
        age = "Date of birth not known: condition B (s436B(4)) cannot be checked"
    elif school_age is None:
        age = "Not of compulsory school age this academic year (s436B(4))"
    else:
        age = "Of compulsory school age (s436B(4))"
    return {"grounds": grounds, "age": age, "eligible": bool(grounds) and school_age not in (None, "unknown")}


def fact_history(changes) -> list[dict]:
    """The fact history as rows: what, the value, from when, source and who recorded it."""
    return [
        {
            "fact": factset.label_for(change.fact),
            "value": change.value or "(blank)",
            "from": long_date(change.changed_on),
            "source": change.get_source_display() if change.source else "",
            "field_set": change.field_set,
            "by": change.recorded_by.email if change.recorded_by_id and change.recorded_by else "",
        }
        for change in changes
    ]
