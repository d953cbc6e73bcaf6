"""What each column or breakdown in DfE's EES files means, read from `data/ees_mapping.csv`.

The mapping is data: a new DfE column (wide files) or breakdown (tidy files) is one line in the
CSV, naming the service's measure code and category code as the return specs use them. A line of
kind `ignore` lets a column through without importing it. No database, no Django.
"""

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAPPING_CSV = DATA_DIR / "ees_mapping.csv"
PUBLISHED_MEASURES_CSV = DATA_DIR / "published_measures.csv"

ANY_PUBLICATION = "any"
FIGURE_KINDS = ("count", "percent", "rate")


class MappingDataError(ValueError):
    """The mapping file contradicts itself (a bug in the data, found by the tests)."""


@dataclass(frozen=True)
class Target:
    """Where one EES value lands: a measure, a category ("" for a total) and which figure."""

    measure: str
    category: str
    figure: str = "count"


@dataclass
class PublicationMapping:
    """Everything one publication's files may contain."""

    publication: str
    columns: dict[str, Target] = field(default_factory=dict)
    breakdowns: dict[tuple[str, str], Target] = field(default_factory=dict)
    ignored_breakdowns: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Mapping:
    """The whole mapping table, by publication, with the columns to let through unread."""

    publications: dict[str, PublicationMapping]
    ignored_columns: set[str]

    def for_publication(self, publication: str) -> PublicationMapping:
        return self.publications.get(publication) or PublicationMapping(publication)

    def publication_of_columns(self, columns: list[str]) -> str | None:
        """The publication whose wide columns the file's columns match best, or None."""
        best, best_hits = None, 0
        for code, mapping in self.publications.items():
            hits = sum(1 for column in columns if column in mapping.columns)
            if hits > best_hits:
                best, best_hits = code, hits
        return best


def normalise(text: str) -> str:
    """Compare labels forgivingly: case, spacing and the kind of dash do not matter."""
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", str(text))
    return re.sub(r"\s+", " ", text).strip().lower()


def read_mapping(path: Path = MAPPING_CSV) -> Mapping:
    """Read a mapping CSV; raise MappingDataError on a line that repeats or makes no sense."""
    publications: dict[str, PublicationMapping] = {}
    ignored: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            kind, publication = row["kind"].strip(), row["publication"].strip()
            name, breakdown = row["ees_name"].strip(), row["ees_breakdown"].strip()
            target = Target(row["measure"].strip(), row["category"].strip(), row["figure"].strip() or "count")
            if kind == "ignore" and not breakdown:
                ignored.add(name)
                continue
            if not publication or publication == ANY_PUBLICATION:
                raise MappingDataError(f"{path.name} line {line}: name the publication this line belongs to")
            mapping = publications.setdefault(publication, PublicationMapping(publication))
            if kind == "column":
                if target.figure not in FIGURE_KINDS or not target.measure:
                    raise MappingDataError(f"{path.name} line {line}: a column needs a measure and a figure kind")
                if name in mapping.columns:
                    raise MappingDataError(f"{path.name} line {line}: column {name} is mapped twice")
                mapping.columns[name] = target
            elif kind in ("breakdown", "ignore"):
                key = (normalise(name), normalise(breakdown))
                if key in mapping.breakdowns or key in mapping.ignored_breakdowns:
                    raise MappingDataError(f"{path.name} line {line}: {name}: {breakdown} is mapped twice")
                if kind == "ignore":
                    mapping.ignored_breakdowns.add(key)
                elif not target.measure:
                    raise MappingDataError(f"{path.name} line {line}: a breakdown needs a measure")
                else:
                    mapping.breakdowns[key] = target
            else:
                raise MappingDataError(f"{path.name} line {line}: kind must be column, breakdown or ignore")
    return Mapping(publications, ignored)


@functools.cache
def shipped_mapping() -> Mapping:
    """The mapping shipped with the service."""
    return read_mapping()


@functools.cache
def published_only_measures() -> dict[str, str]:
    """Measures DfE publishes that no termly return asks for (code → label)."""
    with PUBLISHED_MEASURES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}
