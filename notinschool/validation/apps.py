from django.apps import AppConfig


class ValidationConfig(AppConfig):
    """Return specifications, reading of return files and validation rules (no models)."""

    name = "notinschool.validation"
    verbose_name = "Return validation"
