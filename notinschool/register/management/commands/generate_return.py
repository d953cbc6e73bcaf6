"""notinschool generate-return --la 886 --period 2025-26-autumn [--out FILE]"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from notinschool.core.actor import Actor
from notinschool.core.presenters import counted
from notinschool.intake.report import ERROR
from notinschool.periods.specs import load_spec
from notinschool.places.selectors import la_by_code
from notinschool.register import services
from notinschool.returns.services import SubmissionRefused
from notinschool.returns.services.versions import parsed_from_figures
from notinschool.validation.engine import validate
from notinschool.validation.return_templates import build_xlsx_template


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"'{text}' is not a date: write it as 2025-10-02.") from exc


class Command(BaseCommand):
    help = "Build an LA's termly return from its register and store it as a draft version of its return."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="The LA's old or new code, e.g. 886 or E10000016")
        parser.add_argument("--period", required=True, help="e.g. 2025-26-autumn")
        parser.add_argument("--out", help="Also write the filled-in XLSX template here")
        parser.add_argument("--census-date", help="When no collection gives it (YYYY-MM-DD)")
        parser.add_argument("--previous-census-date", help="When no collection gives it (YYYY-MM-DD)")
        parser.add_argument("--no-store", action="store_true", help="Print (and write) only; store nothing")

    def handle(self, *args, la, period, out, census_date, previous_census_date, no_store, **options):
        authority = la_by_code(la)
        if authority is None:
            raise CommandError(f"No LA has the code {la}.")
        try:
            dates = services.return_dates(
                authority,
                period,
                census_date=_date(census_date) if census_date else None,
                previous_census_date=_date(previous_census_date) if previous_census_date else None,
            )
            generated = services.return_generate(authority, period, dates)
        except services.RegisterError as exc:
            raise CommandError(exc.message) from exc
        spec = load_spec(period)
        write = self.stdout.write
        write(
            f"{authority.name} ({authority.old_code}), {period}: "
            f"census {dates.census_date}, term from {dates.term_start}"
        )
        for key in spec.item_keys():
            value = generated.figures.get(key)
            write(f"  {spec.label_for(key)}: {'' if value is None else f'{value:,}'}")
        for problem in generated.problems:
            write(self.style.WARNING(problem))
        report = validate(parsed_from_figures("register", generated.figures, authority.old_code, period), spec)
        errors = [issue for issue in report.issues if issue.severity == ERROR]
        write(
            f"Validation: {counted(len(errors), 'error')}, "
            f"{counted(len(report.issues) - len(errors), 'query', 'queries')}"
        )
        if out:
            figures = {k: v for k, v in generated.figures.items() if v is not None}
            Path(out).write_bytes(build_xlsx_template(spec, authority, figures=figures))
            write(f"Wrote {out}")
        if not no_store:
            try:
                outcome = services.return_store(la=authority, generated=generated, actor=Actor.system())
            except SubmissionRefused as exc:
                raise CommandError(f"Not stored: {exc.message} (use --no-store to only print)") from exc
            write(self.style.SUCCESS(f"Stored as version {outcome.version.number} of the return (draft)."))
