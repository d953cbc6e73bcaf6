"""Refusing passwords that appear in breaches, from a list shipped with the service (no network)."""

import functools
import gzip
from pathlib import Path

from django.core.exceptions import ValidationError

BREACHED_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords.txt.gz"


@functools.cache
def breached_passwords() -> frozenset[str]:
    """The shipped list, lower case, read once per process."""
    with gzip.open(BREACHED_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


class BreachedPasswordValidator:
    """Refuse a password found in the shipped list of breached passwords (case ignored).

    Django's CommonPasswordValidator covers the 20,000 commonest passwords; this list adds the
    longer shapes people pick to pass a 12-character minimum ("Liverpool2024!").
    """

    def validate(self, password: str, user=None) -> None:
        """Raise ValidationError when the password is on the list."""
        if password.strip().lower() in breached_passwords():
            raise ValidationError(
                "This password has appeared in data breaches, so attackers will try it. Choose a different password",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        """What the rule is, for help text."""
        return "Your password cannot be one that has appeared in data breaches."
