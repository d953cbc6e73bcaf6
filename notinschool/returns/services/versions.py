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
from typing import cast

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from notinschool.core.actor import SYSTEM, Actor
from notinschool.core.errors import ServiceError
from notinschool.intake import RETURN
from notinschool.intake.errors import TOO_BIG, UnreadableFile
from notinschool.intake.report import UNREADABLE_CODE, UNREADABLE_CODES, ValidationReport, report_to_dict
from notinschool.periods.specs import Key, UnknownPeriod, load_spec
from notinschool.places.models import LocalAuthority
from notinschool.places.selectors import population_estimates
from notinschool.places.services import data_changed
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
from notinschool.validation.reading import read_return
from notinschool.validation.return_templates.common import template_cells
from notinschool.validation.values import MAX_COUNT, MISSING, NEGATIVE, TOO_LARGE, Entry, Location, ParsedReturn

# Findings that mean the file is not this LA's return for this period: refused, not stored,
# so no LA's figures are ever kept under another LA's name.
REFUSING_RULES = {UNREADABLE_CODE, "FILE-LA-WRONG", "FILE-LA-MIXED", "FILE-LA-UNKNOWN", "FILE-PERIOD-WRONG"}
OPEN_FOR_NEW_VERSIONS = {ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.HAS_ERRORS, ReturnStatus.REOPENED}
MAX_UPLOAD_BYTES = RETURN.max_bytes  # stated once, with the return's other limits, in the intake
FIGURE_FIELDS = ("version", "measure", "category", "value")


class SubmissionRefused(ServiceError):
    """Nothing was stored. `report` holds the validation report when there is one."""

    def __init__(self, message: str, report: ValidationReport | None = None):
        super().__init__(message)
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
        # A refused period may be anything sent: kept as far as the column holds (PostgreSQL
        # refuses a longer one, which turned a refusal into a server error).
        period=period[: UploadAttempt._meta.get_field("period").max_length],
        channel=channel,
        filename=filename[:255],
        size=len(data),
        content_hash=hashlib.sha256(data).hexdigest() if data else "",
        by=by,
        outcome=outcome,
        message=message,
        version=version,
    )


def children_aged_5_to_16(la: LocalAuthority, period: str) -> int | None:
    """ONS's latest estimate of the LA's children aged 5 to 16 up to the period's first year
    (or the earliest there is), for the population query; None when none is loaded."""
    estimates = population_estimates([la.old_code], up_to_year=9999).get(la.old_code, {})
    if not estimates:
        return None
    start = int(period[:4]) if period[:4].isdigit() else max(estimates)
    earlier = [year for year in estimates if year <= start]
    return estimates[max(earlier) if earlier else min(estimates)]


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
        if issue.rule_code in REFUSING_RULES or issue.rule_code in UNREADABLE_CODES:
            return issue.message
    return None


def version_create_from_file(
    *,
    la: LocalAuthority,
    period: str,
    data: bytes,
    filename: str,
    actor: Actor = SYSTEM,
    channel: str = ReturnVersion.Source.UPLOAD,
) -> SubmissionOutcome:
    """Check and store an uploaded return file. Raises SubmissionRefused when nothing is stored."""
    by = actor.user
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            problem = UnreadableFile(RETURN.too_big(len(data)), code=TOO_BIG)
            raise SubmissionRefused(
                problem.message, ValidationReport.for_unreadable(filename, problem.message, period, problem=problem)
            )
        _check_can_receive(la, period)
        spec = load_spec(period)
        try:
            parsed = read_return(data, filename)
        except UnreadableFile as exc:
            report = ValidationReport.for_unreadable(filename, exc.message, period, problem=exc)
            raise SubmissionRefused(exc.message, report) from exc
        previous = selectors.previous_approved_figures(la, period)
        report = validate(
            parsed,
            spec,
            expected_la=la.old_code,
            expected_period=period,
            previous=previous,
            population=children_aged_5_to_16(la, period),
        )
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
    Each figure's location is its cell in the period's XLSX template, so messages name the one
    place a person can find it, however the figures arrived."""
    spec = load_spec(period)
    cells = template_cells(spec)
    parsed = ParsedReturn(filename=filename, file_format="form")
    parsed.state_la_code(la_code, Location())
    parsed.state_period(period, Location())
    for key in spec.item_keys():
        value = figures.get(key)
        location = cells[key]
        if value is not None and not 0 <= int(value) <= MAX_COUNT:
            # Never stored as a figure: the rules report it (VALUE-TOO-LARGE, VALUE-NEGATIVE).
            problem = TOO_LARGE if int(value) > MAX_COUNT else NEGATIVE
            entry = Entry(MISSING, location, raw=str(value)[:40], problem=problem)
        else:
            entry = Entry(MISSING if value is None else int(value), location, raw="" if value is None else str(value))
        parsed.add_entry(key, entry)
    return parsed


def version_create_from_figures(
    *,
    la: LocalAuthority,
    period: str,
    figures: Mapping[Key, int | None],
    actor: Actor = SYSTEM,
    source: str = ReturnVersion.Source.FORM,
) -> SubmissionOutcome:
    """Check and store figures typed into the form (or generated from the register)."""
    by = actor.user
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
        population=children_aged_5_to_16(la, period),
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
    record = _locked_return(la, period)
    if record.status not in OPEN_FOR_NEW_VERSIONS:
        raise SubmissionRefused(
            f"{la.name}'s return for {period} was {record.get_status_display().lower()} "
            "while your file was being checked, so it was not stored."
        )
    report_dict = report_to_dict(report)
    # One query answers both "sent before?" and "which number is next?" (a return has few versions).
    numbers = list(record.versions.order_by("-number").values_list("number", "content_hash", "id"))
    same_id = next((pk for _, known, pk in numbers if known == content_hash), None)
    if same_id is not None:
        same = ReturnVersion.objects.get(pk=same_id)
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
    number = (numbers[0][0] if numbers else 0) + 1
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
    _insert_figures(version, parsed)
    _make_current(record, version, by, f"Version {number} received ({version.get_source_display().lower()})")
    _attempt(
        la=la, period=period, channel=source, filename=filename, data=data, by=by, outcome="stored", version=version
    )
    return SubmissionOutcome(version=version, report=report_dict, duplicate=False)


def _locked_return(la: LocalAuthority, period: str) -> Return:
    """The LA's return for the period, locked until the transaction ends, made when missing.
    The lock: concurrent submissions for this return queue here, one at a time."""
    record = Return.objects.select_for_update().filter(local_authority=la, period=period).first()
    if record is None:
        record, _ = Return.objects.get_or_create(local_authority=la, period=period)
        record = Return.objects.select_for_update().get(pk=record.pk)
    return record


def _insert_figures(version: ReturnVersion, parsed: ParsedReturn) -> None:
    """Every figure of the version in one statement. Written as SQL because building a model
    object per figure was most of the cost of storing a return (ADR 0122); the values were
    checked to fit (0 to MAX_COUNT, or blank) before they reach here."""
    meta = ReturnFigure._meta
    fields = [cast(Field, meta.get_field(name)) for name in FIGURE_FIELDS]
    columns = ", ".join(connection.ops.quote_name(field.column or field.name) for field in fields)
    rows: list[tuple[int, str, str, int | None]] = [
        (version.pk, key[0], key[1] or "", entry.value if isinstance(entry.value, int) else None)
        for key, entry in parsed.entries.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            # Names come from the model and are quoted; every value is a parameter.
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)",  # noqa: S608
            rows,
        )


def _make_current(record: Return, version: ReturnVersion, by, description: str) -> None:
    before = record.status
    record.current_version = version
    record.status = ReturnStatus.HAS_ERRORS if version.has_errors else ReturnStatus.DRAFT
    record.status_changed_at, record.status_changed_by = timezone.now(), by
    record.save(update_fields=["current_version", "status", "status_changed_at", "status_changed_by"])
    ReturnEvent.objects.create(
        return_record=record,
        version=version,
        from_status=before,
        to_status=record.status,
        description=description,
        by=by,
    )
    # A new current version shows on the dashboards of the LA's networks that mark provisional figures.
    data_changed(la_ids=[record.local_authority_id])
