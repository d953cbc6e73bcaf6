"""Building extracts (only consenting LAs, rounded and suppressed), their downloads, share links."""

import csv
import datetime
import hashlib
import io
import secrets
from dataclasses import dataclass

import openpyxl
from django.db import transaction
from django.utils import timezone

from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.core.spreadsheet_safety import neutralise_row
from notinschool.periods.specs import load_spec
from notinschool.places.models import Network
from notinschool.returns.selectors import approved_figures
from notinschool.sharing.models import Consent, Extract, ExtractDownload, Release, ShareLink, ShareLinkOpen
from notinschool.sharing.protection import Rebuild
from notinschool.sharing.recipients import PUBLIC, recipient_label
from notinschool.sharing.selectors import consented_la_codes
from notinschool.sharing.services import releases
from notinschool.sharing.services.releases import ReleaseRefused
from notinschool.sharing.tables import MeasureTable, Place, build_tables, csv_rows, rebuilder, to_csv_bytes


def places_of(network: Network, la_codes: list[str] | None = None) -> list[Place]:
    """The network's LAs (or those named) as extract rows, in name order."""
    las = network.local_authorities.order_by("name")
    if la_codes is not None:
        las = las.filter(old_code__in=la_codes)
    return [Place(la.old_code, la.new_code, la.name) for la in las]


@dataclass
class Disclosed:
    """The tables that may go to a recipient now (each rounded and suppressed on its own), the
    LAs asked for, those that consented, those left out with why, and how to build a table
    again with LAs withheld."""

    tables: list[MeasureTable]
    places: list[Place]
    consented: set[str]
    excluded: dict[str, str]
    rebuild: Rebuild


def disclosed_tables(*, network: Network, recipient: str, measure_codes, periods, la_codes=None) -> Disclosed:
    """The tables that may go to ``recipient``, before they are checked against earlier releases."""
    places = places_of(network, la_codes)
    consented = consented_la_codes(network=network, recipient=recipient)
    las = list(network.local_authorities.filter(old_code__in=[p.old_code for p in places]))
    figures = {period: approved_figures(period=period, local_authorities=las) for period in periods}
    specs = {period: load_spec(period) for period in periods}
    tables: list[MeasureTable] = build_tables(
        specs=specs,
        measure_codes=list(measure_codes),
        places=places,
        consented=consented,
        figures_by_period=figures,
    )
    statuses = dict(
        Consent.objects.filter(network=network, recipient=recipient).values_list("local_authority__old_code", "status")
    )
    excluded = {
        p.old_code: f"{p.name}: permission {Consent.Status(statuses[p.old_code]).label.lower()}"
        if p.old_code in statuses
        else f"{p.name}: permission not asked for"
        for p in places
        if p.old_code not in consented
    }
    return Disclosed(tables, places, consented, excluded, rebuilder(specs=specs, figures_by_period=figures))


@transaction.atomic
def extract_create(
    *, network: Network, recipient: str, title: str, measure_codes, periods, la_codes=None, actor: Actor
) -> Extract:
    """Build and store an extract; the stored CSV bytes are what every download gives. It is
    checked against everything the recipient (and the public) already holds, and hides more
    where that would give a hidden figure away (ADR 0705); the release is recorded."""
    recipient_label(recipient)  # refuses an unknown recipient
    releases.lock_releases()
    disclosed = disclosed_tables(
        network=network, recipient=recipient, measure_codes=measure_codes, periods=periods, la_codes=la_codes
    )
    tables, notes = releases.protected_tables(tables=disclosed.tables, audience=recipient, rebuild=disclosed.rebuild)
    data = to_csv_bytes(csv_rows(tables, network_name=network.name))
    extract = Extract.objects.create(
        network=network,
        recipient=recipient,
        title=title,
        measures=list(measure_codes),
        periods=list(periods),
        included_las=[p.old_code for p in disclosed.places if p.old_code in disclosed.consented],
        excluded_las=disclosed.excluded,
        csv_bytes=data,
        sha256=hashlib.sha256(data).hexdigest(),
        created_by=actor.user,
    )
    releases.release_record(
        kind=Release.Kind.EXTRACT,
        audience=recipient,
        network=network,
        tables=tables,
        notes=notes,
        actor=actor,
        extract=extract,
    )
    audit_record(
        action="sharing.extract-created",
        actor=actor,
        target_type="Extract",
        target_id=str(extract.pk),
        details={
            "recipient": recipient,
            "measures": extract.measures,
            "periods": extract.periods,
            "included": extract.included_las,
            "sha256": extract.sha256,
            "hidden_for_earlier_releases": len(notes),
        },
    )
    return extract


def extract_rows(extract: Extract) -> list[list[str]]:
    """The stored CSV read back into rows (header first)."""
    text = bytes(extract.csv_bytes).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _cell(text: str):
    return int(text) if text.isdigit() else text


def extract_xlsx(extract: Extract) -> bytes:
    """The stored CSV as a workbook: the figures, and a sheet saying what the file is."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Figures"
    for row in extract_rows(extract):
        sheet.append(neutralise_row(_cell(value) for value in row))
    about = workbook.create_sheet("About")
    for line in (
        ("Title", extract.title),
        ("For", recipient_label(extract.recipient)),
        ("Made", extract.created_at.strftime("%d %B %Y %H:%M")),
        ("SHA-256 of the CSV", extract.sha256),
        ("Rounding", "Counts rounded to the nearest 10 (halves up); 0 is 0"),
        ("low", "1 to 4: rounds to 0 but is not 0"),
        (
            "c",
            "suppressed so a low figure cannot be worked out from a total, in this file or with figures "
            "released before",
        ),
        ("x", "not available (no approved return, or withheld because figures released before would give it away)"),
    ):
        about.append(neutralise_row(line))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@transaction.atomic
def extract_download_record(*, extract: Extract, file_format: str, actor: Actor, share_link=None) -> None:
    """Log a download of an extract, in the extract's own log and the audit log."""
    ExtractDownload.objects.create(extract=extract, user=actor.user, share_link=share_link, file_format=file_format)
    audit_record(
        action="sharing.extract-downloaded",
        actor=actor,
        target_type="Extract",
        target_id=str(extract.pk),
        details={"format": file_format, "share_link": share_link.pk if share_link else None},
    )


def token_hash(token: str) -> str:
    """How a share link's token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def share_link_create(
    *, extract: Extract, shared_with: str, audience: str, expires_on: datetime.date, actor: Actor
) -> tuple[ShareLink, str]:
    """A new share link and its token (shown once; only its hash is kept). The people it is for
    belong to ``audience``; the extract's figures are a release to them, refused if with what
    they already hold a hidden figure could be worked out (ADR 0705)."""
    recipient_label(audience)  # refuses an unknown audience
    if audience == PUBLIC:
        raise ReleaseRefused("A share link cannot be for the public. Build an extract for the public instead.")
    releases.lock_releases()
    release = extract.releases.filter(kind=Release.Kind.EXTRACT).first()
    if release is None and audience != extract.recipient:
        raise ReleaseRefused(
            "This extract was made before what each audience receives was recorded, so it can only be shared "
            f"with {recipient_label(extract.recipient)}. Build a new extract for the others."
        )
    tables = releases.release_tables(release) if release else []
    if audience != extract.recipient:
        releases.shareable(tables=tables, audience=audience)
    token = secrets.token_urlsafe(32)
    expires_at = datetime.datetime.combine(
        expires_on, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
    )
    link = ShareLink.objects.create(
        extract=extract,
        shared_with=shared_with,
        audience=audience,
        token_hash=token_hash(token),
        created_by=actor.user,
        expires_at=expires_at,
    )
    if release is not None:
        releases.release_record(
            kind=Release.Kind.SHARE_LINK,
            audience=audience,
            network=extract.network,
            tables=tables,
            notes=[],
            actor=actor,
            extract=extract,
            share_link=link,
        )
    audit_record(
        action="sharing.link-created",
        actor=actor,
        target_type="ShareLink",
        target_id=str(link.pk),
        details={
            "extract": extract.pk,
            "shared_with": shared_with,
            "audience": audience,
            "expires": expires_on.isoformat(),
        },
    )
    return link, token


@transaction.atomic
def share_link_revoke(*, link: ShareLink, actor: Actor) -> ShareLink:
    """Stop a share link working, now. (What it showed stays on record as released.)"""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = actor.user
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(action="sharing.link-revoked", actor=actor, target_type="ShareLink", target_id=str(link.pk))
    return link


def share_link_opened(*, link: ShareLink, actor: Actor) -> None:
    """Log that a share link was opened (who, if signed in; from where)."""
    ShareLinkOpen.objects.create(link=link, user=actor.user, ip_address=actor.ip_address)
