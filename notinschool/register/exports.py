"""A child's whole record as plain data, for subject access requests."""

from notinschool.register.models import Child


def _row(instance, exclude=("child", "episode", "child_id", "episode_id", "recorded_by")) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.attname in exclude or field.name.endswith("_normalised"):
            continue
        value = getattr(instance, field.attname)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | str):
            value = str(value)
        data[field.name] = value
    return data


def child_export(child: Child) -> dict:
    """Everything the register holds about one child (prefetched with `child_record`)."""
    data = _row(child, exclude=("local_authority", "family_name_normalised", "given_name_normalised"))
    data["local_authority"] = child.local_authority.name
    data["addresses"] = [_row(a) for a in child.addresses.all()]
    data["parents"] = [_row(p) for p in child.parents.all()]
    data["episodes"] = [{**_row(e), "providers": [_row(p) for p in e.providers.all()]} for e in child.episodes.all()]
    data["sao_events"] = [_row(s) for s in child.sao_events.all()]
    data["contacts"] = [_row(c) for c in child.contacts.all()]
    data["fact_changes"] = [_row(f) for f in child.fact_changes.all()]
    data["notifications"] = [_row(n) for n in child.notifications.all()]
    data["transfers"] = [
        {**_row(t, exclude=("child", "local_authority", "other_la", "recorded_by")), "other_la": t.other_la.name}
        for t in child.transfers.all()
    ]
    return data
