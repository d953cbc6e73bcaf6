"""`notinschool validate FILE [--period P] [--la CODE] [--json]`: check a return offline.

Exit 0 when valid (queries allowed), 1 when it has errors, 2 when it cannot be read. Never
touches the database.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from notinschool.validation.engine import validate
from notinschool.validation.issues import ValidationReport
from notinschool.validation.periods import UnknownPeriod, parse_period
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.report import report_to_dict, report_to_text
from notinschool.validation.specs import load_spec

EXIT_VALID, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Validate a return file (XLSX or CSV) against its period's rules, without the "
        "database. Exit 0 valid (queries allowed), 1 errors, 2 unreadable."
    )
    requires_system_checks: list = []  # no checks: they could reach for the database
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the return file, .xlsx or .csv")
        parser.add_argument("--period", help="the period, e.g. 2025-26-autumn (default: the one the file states)")
        parser.add_argument("--la", help="the LA the return should be for (886 or E10000016)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options) -> None:
        report = self.build_report(options["file"], options["period"], options["la"])
        if options["json"]:
            self.stdout.write(json.dumps(report_to_dict(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report_to_text(report))
        if report.unreadable:
            sys.exit(EXIT_UNREADABLE)
        sys.exit(EXIT_ERRORS if report.has_errors else EXIT_VALID)

    def build_report(self, path: str, period: str | None, la: str | None) -> ValidationReport:
        """Read, pick the period's spec, validate. Unreadable files and unknown periods give a
        one-issue report rather than a traceback."""
        try:
            if period:
                spec = load_spec(period)  # a bad --period is refused before reading the file
            parsed = read_return(path)
            if not period:
                if not parsed.period:
                    raise UnknownPeriod(
                        "The file does not say which period it is for. Give one with "
                        "--period, for example --period 2025-26-autumn."
                    )
                spec = load_spec(str(parse_period(parsed.period)))
        except (UnreadableFile, UnknownPeriod) as problem:
            message = getattr(problem, "message", None) or str(problem)
            return ValidationReport.for_unreadable(path, message, period)
        report = validate(parsed, spec, expected_la=la, expected_period=period)
        report.filename = path
        return report
