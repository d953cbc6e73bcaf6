from django.apps import AppConfig


class PublishedConfig(AppConfig):
    """DfE's published figures imported from Explore Education Statistics files."""

    name = "notinschool.published"
    label = "published"

    def ready(self) -> None:
        from notinschool.published import rules  # noqa: F401 - registers the import permission
