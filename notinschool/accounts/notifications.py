"""The emails the accounts app sends, each declared once (notinschool.notifications). Both carry
a one-time link, so neither body is kept once sent."""

from notinschool.notifications.kinds import declare_kind

INVITATION = declare_kind(
    "accounts.invitation", subject="You have been invited to {{ service_name }}", body="accounts/email/invitation.txt"
)
PASSWORD_RESET = declare_kind(
    "accounts.password-reset",
    subject="Reset your {{ service_name }} password",
    body="accounts/email/password_reset.txt",
)
