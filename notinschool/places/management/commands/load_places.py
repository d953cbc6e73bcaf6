"""`notinschool load_places`: the reference data every deployment needs, loaded or refreshed."""

from django.core.management.base import BaseCommand

from notinschool.places.population import load_shipped_population
from notinschool.places.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load (or refresh) regions, LAs, LA codes and statistical neighbours from the shipped data, and the "
        "shipped ONS mid-2022 and mid-2023 estimates of children aged 5 to 16 (never replacing estimates "
        "imported with import-population FILE)."
    )

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            f"{counts['regions']} regions, {counts['local_authorities']} LAs, {counts['codes']} codes, "
            f"{counts['neighbours']} statistical-neighbour links loaded."
        )
        # Without populations a fresh deployment would show no rates at all.
        for line in load_shipped_population().summary_lines():
            self.stdout.write(line)
