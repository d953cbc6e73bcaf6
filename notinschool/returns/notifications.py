"""The emails the returns app sends, each declared once (notinschool.notifications)."""

from notinschool.notifications.kinds import declare_kind

SUBMITTED = declare_kind(
    "returns.submitted",
    subject="{{ la_name }}'s return for {{ period_label }} is ready for you to approve",
    body="returns/email/submitted.txt",
)
APPROVED = declare_kind(
    "returns.approved",
    subject="{{ la_name }}'s return for {{ period_label }} has been approved",
    body="returns/email/approved.txt",
)
SENT_BACK = declare_kind(
    "returns.sent-back",
    subject="{{ la_name }}'s return for {{ period_label }} has been sent back to you",
    body="returns/email/sent_back.txt",
)
REOPENED = declare_kind(
    "returns.reopened",
    subject="{{ la_name }}'s return for {{ period_label }} has been reopened",
    body="returns/email/reopened.txt",
)
REMINDER = declare_kind(
    "returns.reminder",
    subject=(
        "Reminder: {{ la_name }}'s return for {{ period_label }} {{ 'was' if days_late > 0 else 'is' }} due {{ due }}"
    ),
    body="returns/email/reminder.txt",
)
EXPLANATION_REVIEWED = declare_kind(
    "returns.explanation-reviewed",
    subject=(
        "{{ 'An explanation was sent back' if sent_back else 'An explanation was accepted' }}: "
        "{{ la_name }}'s return for {{ period_label }}"
    ),
    body="returns/email/explanation_reviewed.txt",
)
DUE_DATE_CHANGED = declare_kind(
    "returns.due-date-changed",
    subject="The return for {{ period_label }} is now due {{ due }}",
    body="returns/email/due_date_changed.txt",
)
