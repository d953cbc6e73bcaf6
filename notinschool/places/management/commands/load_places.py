from django.core.management.base import BaseCommand

from notinschool.places.services import load_reference_data


class Command(BaseCommand):
    help = "Load (or refresh) regions, LAs, LA codes and statistical neighbours from the shipped data."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            f"{counts['regions']} regions, {counts['local_authorities']} LAs, {counts['codes']} codes, "
            f"{counts['neighbours']} statistical-neighbour links loaded."
        )
