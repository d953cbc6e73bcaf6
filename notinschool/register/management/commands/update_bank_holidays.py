"""notinschool update-bank-holidays FILE: replace the shipped bank holidays with GOV.UK's feed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notinschool.register.bankholidays import SHIPPED, BadBankHolidays, replace_shipped


class Command(BaseCommand):
    help = "Load a downloaded copy of https://www.gov.uk/bank-holidays.json as the shipped list."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            holidays = replace_shipped(file.read_bytes())
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except BadBankHolidays as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{len(holidays.dates)} England and Wales bank holidays, {holidays.first_year} to "
            f"{holidays.last_year}, written to {SHIPPED.name}. Commit the change."
        )
