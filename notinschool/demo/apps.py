from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: networks, users of every role, and (as parts land) returns."""

    name = "notinschool.demo"
    label = "demo"
