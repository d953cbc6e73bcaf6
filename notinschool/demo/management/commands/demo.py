from django.core.management.base import BaseCommand, CommandError

from notinschool.demo.services import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo: reference data, networks, users of every role, and each app's demo data."

    def handle(self, *args, **options):
        try:
            lines = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo loaded.")
        for line in lines:
            self.stdout.write(line)
