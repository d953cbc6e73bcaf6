"""Print the current two-factor code of a demo user (demo only; refused in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from notinschool.accounts.demo import DEMO_TOTP_KEY
from notinschool.accounts.models import User


class Command(BaseCommand):
    """`notinschool demo_totp officer@kent.example` prints a 6-digit code for signing in."""

    help = "Print the current two-factor code for a demo account (not available in production)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="A demo account's email address")

    def handle(self, *args, email: str, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_totp is refused in production: real accounts have real authenticators.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}. Run `notinschool demo` first.")
        if not user.totpdevice_set.filter(key=DEMO_TOTP_KEY, confirmed=True).exists():
            raise CommandError(f"{email} has no demo authenticator; it may not need two-factor sign-in.")
        code = totp(bytes.fromhex(DEMO_TOTP_KEY), step=30, t0=0, digits=6)
        self.stdout.write(f"{code:06d}")
