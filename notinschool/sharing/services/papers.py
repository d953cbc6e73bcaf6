"""Papers: checked by content and size, stored under their hash, downloads logged."""

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction

from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.places.models import Network
from notinschool.sharing.models import Audience, Paper, PaperDownload
from notinschool.sharing.paper_check import PaperRefused, check_paper


@transaction.atomic
def paper_upload(
    *,
    network: Network,
    title: str,
    data: bytes,
    filename: str,
    audience: str,
    limited_to_las: Sequence[str] = (),
    limited_to_roles: Sequence[str] = (),
    actor: Actor,
) -> Paper:
    """Store a paper after checking it (raises PaperRefused with the reason)."""
    checked = check_paper(data)
    if audience == Audience.LIMITED and not (limited_to_las or limited_to_roles):
        raise PaperRefused("Name at least one LA or role for a limited paper.")
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0][:100] or "paper"
    paper = Paper(
        network=network,
        title=title,
        audience=audience,
        limited_to_las=list(limited_to_las) if audience == Audience.LIMITED else [],
        limited_to_roles=list(limited_to_roles) if audience == Audience.LIMITED else [],
        filename=f"{stem}.{checked.file_type}",
        file_type=checked.file_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor.user,
    )
    paper.file.save(f"{checked.sha256}.{checked.file_type}", ContentFile(data), save=False)
    paper.save()
    audit_record(
        action="sharing.paper-uploaded",
        actor=actor,
        target_type="Paper",
        target_id=str(paper.pk),
        details={"audience": audience, "sha256": checked.sha256, "size": checked.size},
    )
    return paper


def paper_download_record(*, paper: Paper, actor: Actor) -> None:
    """Log a download of a paper (by whoever is signed in; the public page has nobody)."""
    PaperDownload.objects.create(paper=paper, user=actor.user)
    audit_record(action="sharing.paper-downloaded", actor=actor, target_type="Paper", target_id=str(paper.pk))
