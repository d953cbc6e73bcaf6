"""Building an extract with and without earlier releases to check it against (issue 21, ADR 0705).

Makes a scratch SQLite database with the 19 South East LAs' approved returns for one term (the
service's example figures, smaller LAs given smaller counts so there are lows to protect) and
permission from every LA for DfE and the public. Then times, in the same run:

- ``no_history``: building an extract for DfE (EHE by primary reason, CME by length of time
  missing, all 19 LAs) with nothing released before: the baseline;
- ``with_history``: the same extract after the public page and three earlier DfE extracts of
  other breakdowns of the same totals (one shared with the South West by a link).

Each build runs inside a transaction rolled back afterwards, so every repetition sees the same
history. Prints the medians and their ratio and writes bench/results/sharing.json. Run:
`.venv/bin/python bench/sharing_bench.py` (about a minute). Set BENCH_RUNS (default 7).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from serverkit import results_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = results_path("sharing")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
PERIOD = "2025-26-autumn"
MEASURES = ["ehe_by_reason", "cme_by_duration"]
EARLIER = [["ehe_by_sex", "cme_by_sex"], ["ehe_by_year_group", "cme_by_year_group"], ["ehe_total", "cme_by_reason"]]
INTERACTIVE_SECONDS = 2.0  # the goal for a build with history, as a coordinator waits for the page


def set_up() -> None:
    """The scratch database: places, users, approved returns and permissions."""
    from django.core.management import call_command

    from notinschool.accounts import demo as accounts_demo
    from notinschool.periods.specs import load_spec
    from notinschool.places import demo as places_demo
    from notinschool.sharing import recipients
    from notinschool.sharing.tests.factories import approve_returns, grant
    from notinschool.validation.samples import example_figures

    call_command("migrate", "--no-input", verbosity=0)
    places_demo.load()
    accounts_demo.load()
    spec = load_spec(PERIOD)
    # Scale 30 to 400: the smaller LAs have single-figure counts in many categories.
    returns = {code: example_figures(spec, seed=i, scale=30 + 20 * i) for i, code in enumerate(places_demo.SOUTH_EAST)}
    approve_returns(returns, period=PERIOD)
    grant(places_demo.SOUTH_EAST, recipients.DFE)
    grant(places_demo.SOUTH_EAST, recipients.PUBLIC)


def build(title: str, measures: list[str]):
    from notinschool.core.actor import Actor
    from notinschool.sharing.services import extracts
    from notinschool.sharing.tests.factories import south_east

    return extracts.extract_create(
        network=south_east(), recipient="dfe", title=title, measure_codes=measures, periods=[PERIOD],
        actor=Actor.system(),
    )  # fmt: skip


def timed_builds(label: str) -> dict:
    """Build the extract RUNS times, each in a transaction rolled back, and time it."""
    from django.db import transaction

    seconds, cpu, hidden = [], [], 0
    for _ in range(RUNS):
        with transaction.atomic():
            start, start_cpu = time.perf_counter(), time.process_time()
            extract = build(label, MEASURES)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            hidden = len(extract.releases.get().notes)
            transaction.set_rollback(True)
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "min_ms": round(min(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
        "repetitions": RUNS,
        "hidden_for_earlier_releases": hidden,
    }


def make_history() -> int:
    """The public page and three DfE extracts of other breakdowns, one shared with the South West."""
    from notinschool.core.actor import Actor
    from notinschool.sharing.services import extracts
    from notinschool.sharing.services.public_page import public_page
    from notinschool.sharing.tests.factories import south_east

    public_page(network=south_east(), period=PERIOD, actor=Actor.system())
    made = [build(" and ".join(measures), measures) for measures in EARLIER]
    extracts.share_link_create(
        extract=made[0], shared_with="South West leads", audience="network:south-west",
        expires_on=datetime.date.today() + datetime.timedelta(days=30), actor=Actor.system(),
    )  # fmt: skip
    from notinschool.sharing.models import Release

    return Release.objects.count()


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")
        import django

        django.setup()
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # permission requests
        set_up()
        timed_builds("warm-up")
        baseline = timed_builds("no history")
        releases = make_history()
        with_history = timed_builds("with history")
    ratio = round(with_history["median_ms"] / baseline["median_ms"], 2)
    cpu_ratio = round(with_history["cpu_median_ms"] / baseline["cpu_median_ms"], 2)
    results = {
        "period": PERIOD,
        "las": 19,
        "measures": MEASURES,
        "earlier_releases": releases,
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "no_history": baseline,
        "with_history": with_history,
        "ratio_with_history_to_none": ratio,
        "cpu_ratio_with_history_to_none": cpu_ratio,
        "goals": {"with_history_median_s": INTERACTIVE_SECONDS},
        "goals_met": {"with_history_median_s": with_history["median_ms"] / 1000 <= INTERACTIVE_SECONDS},
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Extract for DfE, 19 LAs, {' and '.join(MEASURES)}:")
    print(
        f"  no history:   median {baseline['median_ms']} ms (min {baseline['min_ms']}, max {baseline['max_ms']}), "
        f"CPU {baseline['cpu_median_ms']} ms"
    )
    print(
        f"  with history: median {with_history['median_ms']} ms (min {with_history['min_ms']}, "
        f"max {with_history['max_ms']}), CPU {with_history['cpu_median_ms']} ms, {releases} earlier releases, "
        f"{with_history['hidden_for_earlier_releases']} figures hidden because of them"
    )
    print(f"  ratio with history / none: {ratio}x (CPU {cpu_ratio}x); goal met: {results['goals_met']}")
    print(f"Written to {RESULTS}")


if __name__ == "__main__":
    main()
