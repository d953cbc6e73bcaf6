from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, their LA or network, their roles, and what each role may do."""

    name = "notinschool.accounts"
    label = "accounts"
