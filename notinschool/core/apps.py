from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces with no knowledge of the domain: layout, forms, static pages, errors."""

    name = "notinschool.core"
    label = "core"

    def ready(self) -> None:
        from notinschool.core import checks  # noqa: F401 - registers the production checks
        from notinschool.core.dbrole import connect_signal

        connect_signal()
