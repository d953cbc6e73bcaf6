"""Storing a new version of an LA's return, from a file, a form or the register.

A refused file leaves nothing but an `UploadAttempt`. An accepted one is checked by the
validation engine, then stored whole (file, figures, report) in one transaction under a lock
on the return, so two uploads at the same moment both become versions and exactly one is
current.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from notinschool.places.models import LocalAuthority
from notinschool.returns import selectors
from notinschool.returns.models import (
    Return,
    ReturnEvent,
    ReturnFigure,
    ReturnStatus,
    ReturnVersion,
    UploadAttempt,
)
from notinschool.validation.engine import validate
from notinschool.validation.issues import UNREADABLE_CODE, ValidationReport
from notinschool.validation.reading import read_return
from notinschool.validation.reading.errors import UnreadableFile
from notinschool.validation.report import report_to_dict
from notinschool.validation.specs import Key, UnknownPeriod, load_spec
from notinschool.validation.values import MISSING, Entry, Location, ParsedReturn

# Findings that mean the file is not this LA's return for this period: refused, not stored,
# so no LA's figures are ever kept under another LA's name.
REFUSING_RULES = {UNREADABLE_CODE, "FILE-LA-WRONG", "FILE-LA-MIXED", "FILE-LA-UNKNOWN", "FILE-PERIOD-WRONG"}
OPEN_FOR_NEW_VERSIONS = {ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.HAS_ERRORS, ReturnStatus.REOPENED}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class SubmissionRefused(Exception):
    """Nothing was stored. `report` holds the validation report when there is one."""

    def __init__(self, message: str, report: ValidationReport | None = None):
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass(frozen=True)
class SubmissionOutcome:
    """What happened to a submission: the version it made (or matched) and its report."""

    version: ReturnVersion
    report: dict
    duplicate: bool


def _attempt(*, la, period, channel, filename="", data=b"", by=None, outcome, message="", version=None):
    UploadAttempt.objects.create(
        local_authority=la,
        period=period,
        channel=channel,
        filename=filename[:255],
        size=len(data),
        content_hash=hashlib.sha256(data).hexdigest() if data else "",
        by=by,
        outcome=outcome,
        message=message,
        version=version,
    )


def _check_can_receive(la: LocalAuthority, period: str) -> None:
    try:
        load_spec(period)
    except UnknownPeriod as exc:
        raise SubmissionRefused(str(exc)) from exc
    if not selectors.collection_is_open_for(la, period):
        raise SubmissionRefused(
            f"The collection for {period} is not open for {la.name}. Ask your network's coordinator to open it."
        )
    existing = Return.objects.filter(local_authority=la, period=period).first()
    if existing is not None and existing.status not in OPEN_FOR_NEW_VERSIONS:
        raise SubmissionRefused(
            f"{la.name}'s return for {period} is {existing.get_status_display().lower()}, so it cannot change. "
            "Ask your approver to send it back, or your coordinator to reopen it."
        )


def _refusal(report: ValidationReport) -> str | None:
    for issue in report.issues:
        if issue.rule_code in REFUSING_RULES:
            return issue.message
    return None


def version_create_from_file(
    *, la: LocalAuthority, period: str, data: bytes, filename: str, by=None, channel: str = ReturnVersion.Source.UPLOAD
) -> SubmissionOutcome:
    """Check and store an uploaded return file. Raises SubmissionRefused when nothing is stored."""
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise SubmissionRefused(
                f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Send the template."
            )
        _check_can_receive(la, period)
        spec = load_spec(period)
        try:
            parsed = read_return(data, filename)
        except UnreadableFile as exc:
            raise SubmissionRefused(str(exc), ValidationReport.for_unreadable(filename, str(exc), period)) from exc
        previous = selectors.previous_approved_figures(la, period)
        report = validate(parsed, spec, expected_la=la.old_code, expected_period=period, previous=previous)
        refusal = _refusal(report)
        if refusal:
            raise SubmissionRefused(refusal, report)
    except SubmissionRefused as exc:
        _attempt(
            la=la,
            period=period,
            channel=channel,
            filename=filename,
            data=data,
            by=by,
            outcome="refused",
            message=exc.message,
        )
        raise
    suffix = PurePath(filename).suffix.lower() or ".bin"
    return _store(
        la=la,
        period=period,
        parsed=parsed,
        report=report,
        data=data,
        filename=filename,
        suffix=suffix,
        by=by,
        source=channel,
    )


def parsed_from_figures(filename: str, figures: Mapping[Key, int | None], la_code: str, period: str) -> ParsedReturn:
    """A ParsedReturn for figures typed into the form or generated from the register.
    Each figure's location is its form field (sheet = part of the form, cell = field name)."""
    spec = load_spec(period)
    parsed = ParsedReturn(filename=filename, file_format="form")
    parsed.state_la_code(la_code, Location())
    parsed.state_period(period, Location())
    for key in spec.item_keys():
        measure = spec.measure(key[0])
        value = figures.get(key)
        field = f"{key[0]}-{key[1]}" if key[1] else key[0]
        entry = Entry(
            MISSING if value is None else int(value),
            Location(sheet=measure.part, cell=field),
            raw="" if value is None else str(value),
        )
        parsed.add_entry(key, entry)
    return parsed


def version_create_from_figures(
    *,
    la: LocalAuthority,
    period: str,
    figures: Mapping[Key, int | None],
    by=None,
    source: str = ReturnVersion.Source.FORM,
) -> SubmissionOutcome:
    """Check and store figures typed into the form (or generated from the register)."""
    try:
        _check_can_receive(la, period)
    except SubmissionRefused as exc:
        _attempt(la=la, period=period, channel=source, by=by, outcome="refused", message=exc.message)
        raise
    spec = load_spec(period)
    parsed = parsed_from_figures(f"{source} entry", figures, la.old_code, period)
    report = validate(
        parsed,
        spec,
        expected_la=la.old_code,
        expected_period=period,
        previous=selectors.previous_approved_figures(la, period),
    )
    canonical = json.dumps(
        sorted([[k[0], k[1] or "", v] for k, v in figures.items() if spec.has_measure(k[0])], key=str),
    ).encode()
    return _store(
        la=la,
        period=period,
        parsed=parsed,
        report=report,
        data=canonical,
        filename="",
        suffix=".json",
        by=by,
        source=source,
        keep_file=False,
    )


@transaction.atomic
def _store(*, la, period, parsed, report, data, filename, suffix, by, source, keep_file=True) -> SubmissionOutcome:
    content_hash = hashlib.sha256(data).hexdigest()
    record, _ = Return.objects.get_or_create(local_authority=la, period=period)
    # The lock: concurrent submissions for this return queue here, one at a time.
    record = Return.objects.select_for_update().get(pk=record.pk)
    if record.status not in OPEN_FOR_NEW_VERSIONS:
        raise SubmissionRefused(
            f"{la.name}'s return for {period} was {record.get_status_display().lower()} "
            "while your file was being checked, so it was not stored."
        )
    report_dict = report_to_dict(report)
    same = record.versions.filter(content_hash=content_hash).order_by("-number").first()
    if same is not None:
        if record.current_version_id != same.id:
            _make_current(record, same, by, f"Version {same.number} sent again and made current")
        _attempt(
            la=la,
            period=period,
            channel=source,
            filename=filename,
            data=data,
            by=by,
            outcome="duplicate",
            message=f"Same content as version {same.number}",
            version=same,
        )
        return SubmissionOutcome(version=same, report=same.report, duplicate=True)
    number = (record.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ReturnVersion(
        return_record=record,
        number=number,
        source=source,
        original_filename=filename[:255],
        content_hash=content_hash,
        created_by=by,
        report=report_dict,
        error_count=len(report.errors),
        query_count=len(report.queries),
    )
    if keep_file:
        # Named by content, so a file left behind by a crash before commit is harmless and reused.
        name = f"returns/{la.old_code}/{period}/{content_hash}{suffix}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        version.file.name = name
    version.save()
    ReturnFigure.objects.bulk_create(
        ReturnFigure(
            version=version,
            measure=key[0],
            category=key[1] or "",
            value=None if entry.value is MISSING else entry.value,
        )
        for key, entry in parsed.entries.items()
    )
    _make_current(record, version, by, f"Version {number} received ({version.get_source_display().lower()})")
    _attempt(
        la=la, period=period, channel=source, filename=filename, data=data, by=by, outcome="stored", version=version
    )
    return SubmissionOutcome(version=version, report=report_dict, duplicate=False)


def _make_current(record: Return, version: ReturnVersion, by, description: str) -> None:
    before = record.status
    record.current_version = version
    record.status = ReturnStatus.HAS_ERRORS if version.has_errors else ReturnStatus.DRAFT
    record.status_changed_at, record.status_changed_by = timezone.now(), by
    record.save()
    ReturnEvent.objects.create(
        return_record=record,
        version=version,
        from_status=before,
        to_status=record.status,
        description=description,
        by=by,
    )
