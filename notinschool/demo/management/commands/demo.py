from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from notinschool.demo.services import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo: reference data, networks, users of every role, and each app's demo data."

    def handle(self, *args, **options):
        try:
            # The demo's emails (consent requests and the like) would bury the sign-ins.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                lines = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo loaded.")
        for line in lines:
            self.stdout.write(line)
