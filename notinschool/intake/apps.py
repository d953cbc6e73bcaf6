from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The one way in for every file: safe reading, limits per kind of file, one report (no models)."""

    name = "notinschool.intake"
    verbose_name = "File intake"
