"""The emails the sharing app sends, each declared once (notinschool.notifications)."""

from notinschool.notifications.kinds import declare_kind

CONSENT_ASKED = declare_kind(
    "sharing.consent-asked",
    subject="Permission asked: {{ la_name }}'s figures for {{ recipient }}",
    body="sharing/email/consent_asked.txt",
)
