"""Writes for published figures: importing an EES file as one release, superseding older ones.

One transaction per file: a file with any problem is refused whole and nothing is kept.
"""

import sys
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from notinschool.intake import UnreadableFile
from notinschool.intake.report import problem_issue
from notinschool.places.services import data_changed
from notinschool.published.geography import Gazetteer
from notinschool.published.identity import ContentKey
from notinschool.published.importing import RowReader
from notinschool.published.mapping import Mapping, shipped_mapping
from notinschool.published.models import PublishedFigure, PublishedRelease
from notinschool.published.reading import ImportRefused, csv_reader, inspect_file, recognise_layout
from notinschool.published.report import ImportReport
from notinschool.published.writing import FigureWriter, Row

BATCH_SIZE = 2000


class _SameContent(Exception):
    """The file's content matches a release already imported (raised to roll back)."""

    def __init__(self, release: PublishedRelease):
        self.release = release
        super().__init__(release.content_hash)


def _unchanged(file_name: str, content_hash: str, existing: PublishedRelease) -> ImportReport:
    when = timezone.localtime(existing.imported_at).strftime("%d %B %Y at %H:%M")
    return ImportReport(
        file_name, content_hash, existing.publication, existing.layout, unchanged=True,
        release_id=existing.id, imported_at=when,
    )  # fmt: skip


def import_ees(
    *,
    source: BinaryIO,
    file_name: str,
    publication: str | None = None,
    imported_by=None,
    progress: bool = False,
    mapping: Mapping | None = None,
) -> ImportReport:
    """Import one EES CSV file (opened in binary) as a PublishedRelease and return the report.

    The same file imported again changes nothing: matched by its bytes, or by its content when
    it was saved again with other line endings, byte order mark, encoding or column order
    (`identity.ContentKey`). A new file of the same publication supersedes the older figures
    for the periods it covers; the older release is kept. Columns and breakdowns the service
    does not know are named in the report and nothing is guessed for them. Raises
    ImportRefused, with every problem and its line number, leaving the database as it was.
    """
    name = Path(file_name).name
    facts = inspect_file(source)
    existing = PublishedRelease.objects.filter(content_hash=facts.sha256).first()
    if existing is not None:
        return _unchanged(name, facts.sha256, existing)
    try:
        return _import(source, facts, name, publication, imported_by, progress, mapping)
    except _SameContent as same:
        return _unchanged(name, facts.sha256, same.release)


@transaction.atomic
def _import(source, facts, file_name, publication, imported_by, progress, mapping) -> ImportReport:
    reader = csv_reader(source, facts)
    try:
        _, headings = next(reader)
    except StopIteration:
        raise ImportRefused("This file is empty.") from None
    except UnreadableFile as exc:
        raise ImportRefused.unreadable(exc) from None
    layout = recognise_layout(
        headings, mapping or shipped_mapping(), publication=publication, file_name=Path(file_name).name
    )
    report = ImportReport(Path(file_name).name, facts.sha256, layout.publication, layout.layout)
    report.unknown_columns = list(layout.unknown_columns)
    content = ContentKey(headings)
    release = PublishedRelease.objects.create(
        publication=layout.publication,
        layout=layout.layout,
        file_name=Path(file_name).name[:255],
        content_hash=facts.sha256,
        imported_by=imported_by,
    )
    rows = RowReader(layout, Gazetteer(), report, release)
    batch: list[Row] = []
    bar = tqdm(
        total=max(facts.line_count - 1, 0), disable=not progress, file=sys.stderr, unit=" rows", unit_scale=True,
        desc=report.file_name, leave=False,
    )  # fmt: skip
    with bar, FigureWriter() as writer:
        try:
            for line, row in reader:
                bar.update()
                if not row:
                    continue
                content.add(row)
                batch.extend(rows.figures(row, line))
                if rows.problem_count:
                    batch.clear()  # the file will be refused: keep reading only to list every problem
                elif len(batch) >= BATCH_SIZE:
                    report.figures_imported += writer.write(batch)
                    batch = []
        except UnreadableFile as exc:
            raise rows.refusal(problem_issue(exc)) from None
        if not rows.problem_count and report.rows_read:
            report.figures_imported += writer.write(batch)
    if rows.problem_count:
        raise rows.refusal()
    if report.rows_read == 0:
        raise ImportRefused("The file has headings but no rows of figures.")
    key = content.hexdigest()
    same = PublishedRelease.objects.filter(content_key=key).exclude(id=release.id).first()
    if same is not None:
        raise _SameContent(same)
    _supersede_older(release, report)
    release.periods = sorted(report.periods)
    report.release_id = release.id
    release.report = report.as_dict()
    release.content_key = key
    release.save(update_fields=["periods", "report", "content_key"])
    # Every network's dashboard may show DfE's figures (England, and LAs outside the network).
    data_changed(everywhere=True)
    return report


def _supersede_older(release: PublishedRelease, report: ImportReport) -> None:
    """Mark older current figures of the same publication and periods as superseded, and an
    older release with no current figures left as superseded by this one."""
    older = PublishedFigure.objects.filter(
        is_current=True, release__publication=release.publication, period__in=sorted(report.periods)
    ).exclude(release=release)
    touched = set(older.values_list("release_id", flat=True).distinct())
    report.figures_superseded = older.update(is_current=False)
    if not touched:
        return
    still_current = set(
        PublishedFigure.objects.filter(release_id__in=touched, is_current=True)
        .values_list("release_id", flat=True)
        .distinct()
    )
    finished = touched - still_current
    report.releases_superseded = PublishedRelease.objects.filter(id__in=finished).update(superseded_by=release)


def import_ees_path(path: Path, **options) -> ImportReport:
    """Import a file from disk (the management command's entry point)."""
    with path.open("rb") as source:
        return import_ees(source=source, file_name=path.name, **options)
