from django.apps import AppConfig


class PublishedConfig(AppConfig):
    """DfE's published figures imported from Explore Education Statistics files."""

    name = "notinschool.published"
    label = "published"
