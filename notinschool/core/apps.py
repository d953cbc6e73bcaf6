from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces with no knowledge of the domain: layout, forms, static pages, errors."""

    name = "notinschool.core"
    label = "core"
