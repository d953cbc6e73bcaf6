"""The returns part of /api/v1/: LA systems send and read their own LA's returns with a token."""

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from notinschool.accounts.api_auth import LATokenAuth
from notinschool.core.actor import Actor, client_address
from notinschool.intake.report import ValidationReport, report_to_dict
from notinschool.periods.specs import UnknownPeriod, load_spec
from notinschool.places.selectors import la_by_code
from notinschool.returns import selectors, services
from notinschool.returns.models import ReturnStatus, ReturnVersion
from notinschool.returns.services.versions import MAX_UPLOAD_BYTES

PREFIX = "/returns"
router = Router(tags=["returns"])


class VersionOut(Schema):
    """A stored version of a return and its validation report."""

    la_code: str
    period: str
    version: int
    duplicate: bool
    status: str
    report: dict


class RefusalOut(Schema):
    """Nothing was stored: why, and the report when the file could be read."""

    message: str
    report: dict | None


class ReturnOut(Schema):
    """A return's status and its current and approved versions."""

    la_code: str
    period: str
    status: str
    current_version: int | None
    approved_version: int | None


def _check_la(request: HttpRequest, la: str | None):
    token_la = request.auth.local_authority
    if la:
        named = la_by_code(la)
        if named is None:
            raise HttpError(422, f"{la!r} is not a known LA code.")
        if named.id != token_la.id:
            raise HttpError(403, f"This token is for {token_la.name}; it cannot act for {named.name}.")
    return token_la


@router.post(
    "/",
    auth=LATokenAuth(scope="returns:submit"),
    response={201: VersionOut, 200: VersionOut, 422: RefusalOut},
    url_name="returns-submit",
    summary="Send a return file",
)
def submit_return(request, period: Form[str], file: File[UploadedFile], la: Form[str | None] = None):
    """Send the XLSX or CSV template for the token's LA. 201: a new version was stored (it may
    still have errors: see the report); 200: the same file was already received; 422: refused,
    nothing stored."""
    local_authority = _check_la(request, la)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    try:
        outcome = services.version_create_from_file(
            la=local_authority,
            period=period,
            data=data,
            filename=file.name or "upload",
            actor=Actor(ip_address=client_address(request), via="api"),
            channel=ReturnVersion.Source.API,
        )
    except services.SubmissionRefused as exc:
        report = report_to_dict(exc.report) if isinstance(exc.report, ValidationReport) else None
        return Status(422, {"message": exc.message, "report": report})
    record = outcome.version.return_record
    record.refresh_from_db()
    body = {
        "la_code": local_authority.old_code,
        "period": period,
        "version": outcome.version.number,
        "duplicate": outcome.duplicate,
        "status": record.status,
        "report": outcome.report,
    }
    return Status(200 if outcome.duplicate else 201, body)


@router.get(
    "/{period}",
    auth=LATokenAuth(scope="returns:read"),
    response=ReturnOut,
    url_name="returns-detail",
    summary="A return's status",
)
def return_detail(request, period: str):
    """The token LA's return for the period."""
    try:
        load_spec(period)
    except UnknownPeriod as exc:
        raise HttpError(404, str(exc)) from exc
    local_authority = request.auth.local_authority
    record = selectors.return_of(local_authority, period)
    return {
        "la_code": local_authority.old_code,
        "period": period,
        "status": record.status if record else ReturnStatus.NOT_STARTED,
        "current_version": record.current_version.number if record and record.current_version else None,
        "approved_version": record.approved_version.number if record and record.approved_version else None,
    }


@router.get(
    "/{period}/versions/{number}/report",
    auth=LATokenAuth(scope="returns:read"),
    response=dict,
    url_name="returns-version-report",
    summary="A version's validation report",
)
def version_report(request, period: str, number: int):
    """The report of one version of the token LA's return."""
    version = selectors.version_of(request.auth.local_authority, period, number)
    if version is None:
        raise HttpError(404, "No such version")
    return version.report
