"""`notinschool import-ees FILE [--publication P] [--quiet]`: import a DfE EES CSV file.

Prints the import report. Exit 0 when imported (or already imported), 1 when refused, 2 when the
file cannot be opened. A progress bar goes to stderr when it is a terminal.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notinschool.intake.report import report_to_text
from notinschool.published.models import Publication
from notinschool.published.reading import ImportRefused
from notinschool.published.services import import_ees_path

EXIT_REFUSED, EXIT_UNOPENED = 1, 2


class Command(BaseCommand):
    help = (
        "Import DfE's published EHE or CME figures from an Explore Education Statistics CSV file "
        "(tidy or wide layout). Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the EES CSV file, as downloaded")
        parser.add_argument(
            "--publication",
            choices=Publication.values,
            help="which statistics the file holds (default: worked out from its columns or name)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            self.stderr.write(f"{path} is not a file that can be opened.")
            sys.exit(EXIT_UNOPENED)
        progress = not options["quiet"] and sys.stderr.isatty()
        try:
            report = import_ees_path(path, publication=options["publication"], progress=progress)
        except ImportRefused as refusal:
            # The same report the job's page shows and offers as CSV.
            self.stderr.write(f"{path.name} was not imported; nothing has changed:")
            self.stderr.write(report_to_text(refusal.report(path.name)))
            sys.exit(EXIT_REFUSED)
        except OSError as exc:
            raise CommandError(f"{path} cannot be read: {exc.strerror or exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
