"""Declaring a kind of notification once: its code, its subject and its body template.

Each app declares its kinds in its own `notifications.py` (loaded when the app registry is
ready), for example in returns:

    declare_kind(
        "returns.submitted",
        subject="{{ la_name }}'s return for {{ period_label }} is ready for you to approve",
        body="returns/email/submitted.txt",
    )

`subject` is a one-line Jinja template; `body` names a plain-text Jinja template in the app's
`jinja2/` folder. Both are rendered with the context given to `notify` (a missing name is an
error, never a blank), plus `service_name` and `base_url`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationKind:
    """One kind of email."""

    code: str
    subject: str
    body: str


_KINDS: dict[str, NotificationKind] = {}


def declare_kind(code: str, *, subject: str, body: str) -> NotificationKind:
    """Declare a kind of notification (once per code)."""
    kind = NotificationKind(code, subject, body)
    if code in _KINDS and _KINDS[code] != kind:
        raise RuntimeError(f"The notification kind {code!r} is declared twice, differently")
    _KINDS[code] = kind
    return kind


def kind_named(code: str) -> NotificationKind:
    """The declared kind called `code`; KeyError when no app declares it."""
    return _KINDS[code]
