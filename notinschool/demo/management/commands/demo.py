from django.core.management.base import BaseCommand, CommandError

from notinschool.demo.data import DEMO_PASSWORD
from notinschool.demo.services import DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo: reference data, the South East and South West networks, and demo users."

    def handle(self, *args, **options):
        try:
            sign_ins = load_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo loaded. Sign in at http://127.0.0.1:8000/accounts/sign-in/ with:")
        width = max(len(email) for email, _, _ in sign_ins)
        for email, roles, organisation in sign_ins:
            self.stdout.write(f"  {email.ljust(width)}  {roles} – {organisation or 'the whole service'}")
        self.stdout.write(f"Every demo account's password is: {DEMO_PASSWORD}")
