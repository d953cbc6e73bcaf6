"""The reader's choices, kept in the URL's GET parameters so a link reproduces the view.

``las=886,936`` (or ``las=886&las=936`` from the form's checkboxes; old or new codes),
``group=<id>`` a saved comparison group, ``neighbours=<la>`` an LA and its statistical
neighbours, ``highlight=<la>``, ``breakdown=sex&category=female``, ``order=rate|count``,
``view=bar|funnel``. Unknown values are ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

from notinschool.benchmark.data.reference_kept import neighbour_codes_kept, places_by_codes_kept
from notinschool.benchmark.statistics.measure_table import OrderBy
from notinschool.places.reference import normalise_code
from notinschool.places.selectors import NetworkRef, comparison_group

KEPT = ("las", "group", "neighbours", "highlight", "breakdown", "category", "order", "view")


@dataclass
class Selection:
    """Which LAs the reader chose, and how."""

    codes: list[str] = field(default_factory=list)  # old codes, in the order chosen
    by_hand: list[str] = field(default_factory=list)
    group_name: str = ""
    group_id: str = ""
    neighbours_of: str = ""
    highlight: str = ""
    breakdown: str = ""
    category: str = ""
    order: OrderBy | None = None
    view: str = "bar"
    query: dict[str, str] = field(default_factory=dict)

    @property
    def is_filtered(self) -> bool:
        return bool(self.codes)

    def querystring(self, **changes: str | None) -> str:
        """The URL query for this selection (with changes), beginning with '?', or ''."""
        query = {**self.query, **{k: v for k, v in changes.items() if v is not None}}
        query = {k: v for k, v in query.items() if v}
        return "?" + urlencode(query) if query else ""

    def describe(self, names: dict[str, str]) -> str:
        """How the LAs were chosen, in words."""
        parts = []
        if self.by_hand:
            parts.append(", ".join(names.get(c, c) for c in self.by_hand))
        if self.group_name:
            parts.append(f"the comparison group '{self.group_name}'")
        if self.neighbours_of:
            parts.append(f"{names.get(self.neighbours_of, self.neighbours_of)} and its statistical neighbours")
        return "; ".join(parts)


def _codes(values: list[str]) -> list[str]:
    found = []
    for value in values:
        for piece in value.split(","):
            if piece.strip():
                found.append(normalise_code(piece))
    return found


def _old_codes(network: NetworkRef, codes: list[str]) -> list[str]:
    return [place.code for place in places_by_codes_kept(network, codes)] if codes else []


def selection_from(query: QueryDict, *, user, network: NetworkRef) -> Selection:
    """Read the reader's choices from GET parameters."""
    selection = Selection()
    raw_las = _codes(query.getlist("las"))
    known = {p.code: p for p in places_by_codes_kept(network, raw_las)} if raw_las else {}
    by_code = {}
    for place in known.values():
        by_code[place.code] = place
        by_code[place.new_code] = place
    selection.by_hand = list(dict.fromkeys(by_code[c].code for c in raw_las if c in by_code))
    codes = list(selection.by_hand)
    group = comparison_group(user, network.id, query.get("group", ""))
    if group is not None:
        selection.group_id, selection.group_name = str(group.id), group.name
        codes += list(group.la_codes)
    neighbours = _old_codes(network, _codes([query.get("neighbours", "")]))
    if neighbours:
        selection.neighbours_of = neighbours[0]
        codes += [selection.neighbours_of, *neighbour_codes_kept(network, selection.neighbours_of)]
    selection.codes = list(dict.fromkeys(codes))
    highlight = _old_codes(network, _codes([query.get("highlight", "")]))
    selection.highlight = highlight[0] if highlight else ""
    selection.breakdown = query.get("breakdown", "")[:60]
    selection.category = query.get("category", "")[:60]
    order = query.get("order", "")
    selection.order = OrderBy(order) if order in {o.value for o in OrderBy} else None
    selection.view = "funnel" if query.get("view") == "funnel" else "bar"
    selection.query = {
        "las": ",".join(selection.by_hand),
        "group": selection.group_id,
        "neighbours": selection.neighbours_of,
        "highlight": selection.highlight,
        "breakdown": selection.breakdown,
        "category": selection.category,
        "order": selection.order.value if selection.order else "",
        "view": "funnel" if selection.view == "funnel" else "",
    }
    return selection
