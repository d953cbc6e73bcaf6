"""What both templates need: the LA resolved, each row's description, and where each figure
sits in the XLSX template."""

from notinschool.periods.specs.model import Key, ReturnSpec
from notinschool.validation.values import Location

COUNT_COLUMN = "D"  # the XLSX template's Count column, the only one an LA types in


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


def template_cells(spec: ReturnSpec) -> dict[Key, Location]:
    """Where each figure sits in the period's XLSX template: the part's sheet and its Count
    cell ('CME!D45'). Figures typed into the form or generated from the register are reported
    at the same cells, so every message points to a place a person can find in the template."""
    cells: dict[Key, Location] = {}
    for part in spec.parts:
        row = 1  # the heading row
        for measure in spec.measures_in(part.code):
            for key in measure.item_keys():
                row += 1
                cells[key] = Location(sheet=part.label, row=row, column=COUNT_COLUMN, cell=f"{COUNT_COLUMN}{row}")
    return cells
