"""`notinschool validate FILE [--period P] [--la CODE] [--json]`: check a return offline.

Exit 0 when valid (queries allowed), 1 when it has errors, 2 when it cannot be checked: the
file cannot be read, no period can be known, or an argument is wrong. Never touches the
database.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from notinschool.intake.report import ValidationReport, report_to_dict, report_to_text
from notinschool.periods import UnknownPeriod, parse_period, read_period_loosely
from notinschool.periods.specs import load_spec
from notinschool.validation.engine import default_find_la, validate
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.values import ParsedReturn

EXIT_VALID, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Validate a return file (XLSX or CSV) against its period's rules, without the "
        "database. Exit 0 valid (queries allowed), 1 errors, 2 unreadable or a wrong argument."
    )
    requires_system_checks: list = []  # no checks: they could reach for the database
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the return file, .xlsx or .csv")
        parser.add_argument("--period", help="the period, e.g. 2025-26-autumn (default: the one the file states)")
        parser.add_argument("--la", help="the LA the return should be for (886 or E10000016)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options) -> None:
        # Wrong arguments are refused before the file is read, as argparse refuses its own:
        # a plain message on stderr and exit 2, never a report about a file not yet looked at.
        problem = argument_problem(options["period"], options["la"])
        if problem:
            self.stderr.write(problem)
            sys.exit(EXIT_UNREADABLE)
        report = self.build_report(options["file"], options["period"], options["la"])
        if options["json"]:
            self.stdout.write(json.dumps(report_to_dict(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report_to_text(report))
        if report.unreadable:
            sys.exit(EXIT_UNREADABLE)
        sys.exit(EXIT_ERRORS if report.has_errors else EXIT_VALID)

    def build_report(self, path: str, period: str | None, la: str | None) -> ValidationReport:
        """Read, pick the period's spec, validate. Unreadable files and files whose period
        cannot be known give a one-issue report rather than a traceback."""
        try:
            parsed = read_return(path)
            spec = load_spec(period or period_stated_in(parsed))
        except (UnreadableFile, UnknownPeriod) as problem:
            message = getattr(problem, "message", None) or str(problem)
            refusal = problem if isinstance(problem, UnreadableFile) else None
            return ValidationReport.for_unreadable(path, message, period, problem=refusal)
        # The period as the spec writes it: --period 2025-26-AUTUMN names the same period.
        report = validate(parsed, spec, expected_la=la, expected_period=spec.period if period else None)
        report.filename = path
        return report


def argument_problem(period: str | None, la: str | None) -> str | None:
    """What is wrong with --period or --la, in plain words, or None."""
    if period:
        try:
            load_spec(period)
        except UnknownPeriod as exc:
            return f"--period {period}: {exc}"
    if la is not None and default_find_la(la) is None:
        return (
            f"--la {la}: '{la}' is not an LA code we know. Give the LA's three-digit code (for "
            f"example 886) or its nine-character code (for example E10000016).{_by_name(la)}"
        )
    return None


def _by_name(text: str) -> str:
    """A hint when someone gives an LA's name instead of its code."""
    from notinschool.places.reference import current_las

    wanted = text.strip().lower()
    named = next((la for la in current_las() if la.name.lower() == wanted), None)
    return f" {named.name} is {named.old_code} ({named.new_code})." if named else ""


def period_stated_in(parsed: ParsedReturn) -> str:
    """The period to check a file against when none is given: the first one the file states
    that can be read, written properly or (failing that) the way people say it, such as
    'Autumn 2025'. A loosely written period still gets FILE-PERIOD-WRONG, pointing at its cell.
    Raises UnknownPeriod when no period can be known."""
    if not parsed.periods:
        raise UnknownPeriod(
            "The file does not say which period it is for. Give one with --period, for example --period 2025-26-autumn."
        )
    for stated in parsed.periods:
        try:
            return str(parse_period(stated.value))
        except UnknownPeriod:
            continue
    for stated in parsed.periods:
        loosely = read_period_loosely(stated.value)
        if loosely is not None:
            return str(loosely)
    first = parsed.periods[0]
    where = f" ({first.location.describe()})" if first.location.describe() else ""
    raise UnknownPeriod(
        f"The file gives its period as '{first.value}'{where}, which is not a period that can be "
        "read. Correct it to the academic year and term, for example 2025-26-autumn, or give the "
        "period with --period."
    )
