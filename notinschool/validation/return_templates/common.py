"""What both templates need: the LA resolved, and each row's description."""

from notinschool.validation.specs.model import Key, ReturnSpec


def resolve_la(la):
    """Accept an LA object (with old_code, new_code, name) or either code as text."""
    if isinstance(la, str):
        from notinschool.validation.engine import default_find_la

        found = default_find_la(la)
        if found is None:
            raise ValueError(f"'{la}' is not an LA code we know.")
        return found
    return la


def row_description(spec: ReturnSpec, key: Key) -> str:
    """'EHE children by sex: Female (at the census date)'."""
    measure = spec.measure(key[0])
    when = measure.kind_label if measure else ""
    unit = f", in {measure.unit}" if measure and measure.unit != "children" else ""
    return f"{spec.label_for(key)} ({when}{unit})"


def template_filename(spec: ReturnSpec, la, extension: str) -> str:
    """'return-886-2025-26-autumn.xlsx'."""
    return f"return-{resolve_la(la).old_code}-{spec.period}.{extension}"
