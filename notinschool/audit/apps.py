from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit log of sign-ins, permission changes, token use and personal data access."""

    name = "notinschool.audit"
    label = "audit"
