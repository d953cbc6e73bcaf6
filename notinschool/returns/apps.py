from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Collections, LA returns and their immutable versions, upload, forms, approval, contacts and chasing."""

    name = "notinschool.returns"
    label = "returns"
