"""notinschool import-register FILE --la 886"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from notinschool.core.actor import Actor
from notinschool.core.presenters import counted
from notinschool.intake.report import report_to_text
from notinschool.places.selectors import la_by_code
from notinschool.register.importing import SHOWN_ERRORS, UnreadableRegister
from notinschool.register.services.importing import register_import


class Command(BaseCommand):
    help = "Import an existing register from CSV or XLSX (all rows, or none if any has an error)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--la", required=True, help="The LA's old or new code, e.g. 886")

    def handle(self, *args, file, la, **options):
        authority = la_by_code(la)
        if authority is None:
            raise CommandError(f"No LA has the code {la}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} does not exist.")
        with tqdm(desc="Checking rows", unit=" rows", file=self.stderr._out, disable=None) as bar:
            try:
                result = register_import(
                    la=authority,
                    data=path.read_bytes(),
                    filename=path.name,
                    actor=Actor.system(),
                    progress=lambda: bar.update(),
                )
            except UnreadableRegister as exc:
                raise CommandError(str(exc)) from exc
        if result.errors:
            # The same report the import page shows and downloads.
            self.stderr.write(report_to_text(result.report(path.name, authority.old_code), limit=SHOWN_ERRORS))
            raise CommandError(f"{counted(len(result.errors), 'problem')} found: nothing was imported.")
        episodes = sum(len(c["episodes"]) for c in result.children.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counted(len(result.children), 'child', 'children')} and {counted(episodes, 'episode')} "
                f"from {counted(result.rows, 'row')}."
            )
        )
