"""`migrate` as the tables' owner: the service itself works as a role that owns nothing."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from notinschool.core.dbrole import owner_session


class Command(DjangoMigrate):
    """Django's migrate, run as the connecting role rather than the application role."""

    def handle(self, *args, **options):
        with owner_session():
            return super().handle(*args, **options)
