"""`notinschool import-population FILE`: load ONS estimates of children aged 5 to 16 per LA."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notinschool.intake.report import report_to_text
from notinschool.places.population import PopulationFileError, import_population_file, load_shipped_population


class Command(BaseCommand):
    help = (
        "Load ONS mid-year estimates of children aged 5 to 16 per LA from a CSV (single years of age "
        "or an age_5_to_16 total), replacing any stored for the same LA and year. Without FILE, loads the "
        "mid-2022 and mid-2023 estimates shipped (as load_places does), keeping any imported from a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")

    def handle(self, *args, **options):
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            result = load_shipped_population() if path is None else import_population_file(path)
        except PopulationFileError as exc:
            # Every problem, as every import prints them.
            self.stderr.write(report_to_text(exc.report(path.name if path else "the shipped file")))
            raise CommandError(f"Nothing was changed. {exc}") from exc
        for line in result.summary_lines():
            self.stdout.write(line)
