from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """Each LA's case-level register of children not in school, and the return generated from it."""

    name = "notinschool.register"
    label = "register"
