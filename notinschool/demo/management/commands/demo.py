from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.urls import reverse

from notinschool.demo.services import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo: reference data, networks, users of every role, and each app's demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="HOST:PORT the service is served at, for the sign-in address printed (default 127.0.0.1:8000)",
        )

    def handle(self, *args, address, **options):
        try:
            # The demo's emails (consent requests and the like) would bury the sign-ins.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                lines = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo loaded.")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Sign in at http://{address}{reverse('accounts:sign-in')}")
