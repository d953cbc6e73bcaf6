"""Two-factor sign-in: an authenticator app (TOTP) and single-use backup codes, by django-otp.

A TOTP code is refused if it, or a later one, was already used (django-otp keeps the last time
step), and wrong codes slow further attempts down (django-otp's throttling).
"""

import base64
from dataclasses import dataclass

import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


def has_confirmed_device(user) -> bool:
    """True when the user has set up an authenticator app (cached on the user for the request)."""
    if not hasattr(user, "_has_confirmed_device"):
        user._has_confirmed_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return user._has_confirmed_device


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator the user is setting up: the same one on every visit until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    """The shared secret as people type it into an authenticator app, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, as a data: URI for an <img> (no script needed)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def normalise_code(code: str) -> str:
    """Codes as people type them: spaces and dashes removed, lower case for backup codes."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def authenticator_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; return new backup codes, or None if wrong.

    The new authenticator replaces any earlier one, and the session counts as verified.
    """
    if device.confirmed or device.user_id != request.user.pk or not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    request.user._has_confirmed_device = True
    audit_record(action=Action.TWO_FACTOR_ENROLLED, actor=Actor.from_request(request))
    return backup_codes_replace(request=request)


@transaction.atomic
def backup_codes_replace(*, request: HttpRequest) -> list[str]:
    """Make a fresh set of single-use backup codes (older ones stop working); return them."""
    StaticDevice.objects.filter(user=request.user).delete()
    device = StaticDevice.objects.create(user=request.user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(action=Action.BACKUP_CODES_CREATED, actor=Actor.from_request(request))
    return codes


def backup_codes_left(user) -> int:
    """How many unused backup codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class Verification:
    """The result of checking a code: which kind of device accepted it, if any."""

    accepted: bool
    used_backup_code: bool = False


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, code: str) -> Verification:
    """Check a code from the authenticator or a backup code; on success the session is verified."""
    device = match_token(request.user, normalise_code(code)) if code else None
    if device is None:
        audit_record(action=Action.TWO_FACTOR_FAILED, actor=Actor.from_request(request))
        return Verification(accepted=False)
    otp_login(request, device)
    backup = isinstance(device, StaticDevice)
    audit_record(action=Action.TWO_FACTOR_VERIFIED, actor=Actor.from_request(request), details={"backup_code": backup})
    return Verification(accepted=True, used_backup_code=backup)


def confirmed_devices(user) -> list:
    """The user's confirmed devices (authenticator and backup codes)."""
    return list(devices_for_user(user, confirmed=True))
