from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notinschool.intake.report import FileRefused, report_to_text
from notinschool.places.services import ReferenceDataError, load_statistical_neighbours_file


class Command(BaseCommand):
    help = "Replace statistical neighbours from a DfE CSV (la_num, sn1..sn10, snp1..snp10)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--model-name", default="DfE May 2025")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            count = load_statistical_neighbours_file(path, model_name=options["model_name"])
        except ReferenceDataError as exc:
            if isinstance(exc, FileRefused):  # every problem, as every import prints them
                self.stderr.write(report_to_text(exc.report(path.name)))
            raise CommandError(f"Nothing was changed. {exc}") from exc
        self.stdout.write(f"{count} statistical-neighbour links loaded from {path}.")
