"""Encrypting the few secrets the service must keep readable (councils' OIDC client secrets).

Fernet (AES-128-CBC with HMAC-SHA256) with a key derived by HKDF from
NOTINSCHOOL_ENCRYPTION_KEY when set, else from DJANGO_SECRET_KEY. Old keys in
NOTINSCHOOL_ENCRYPTION_KEY_FALLBACKS (or SECRET_KEY_FALLBACKS) still decrypt, so keys can be
rotated. See docs/adr/0306-council-sign-in.md.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_PURPOSE = b"notinschool: council sign-in client secrets"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with a key this server no longer has."""


def _fernet_key(master: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(master.encode())
    return base64.urlsafe_b64encode(derived)


def _keys() -> list[str]:
    primary = getattr(settings, "NOTINSCHOOL_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    fallbacks = list(getattr(settings, "NOTINSCHOOL_ENCRYPTION_KEY_FALLBACKS", []) or [])
    fallbacks += list(getattr(settings, "SECRET_KEY_FALLBACKS", []) or [])
    return [primary, *fallbacks]


def _cipher() -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in _keys()])


def encrypt(plain: str) -> str:
    """Encrypt text with the current key."""
    return _cipher().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    """Decrypt text encrypted with the current or an older key."""
    if not token:
        return ""
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("The stored secret cannot be decrypted with the configured keys.") from exc
