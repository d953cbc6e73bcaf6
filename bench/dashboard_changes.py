"""Changes to the dashboard's figures while the dashboard benchmark measures (benchmark_bench.py):
a writer process running in the service's own Python, and a thread asking it for changes."""

import contextlib
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A change to the figures, made while pages made afresh are measured: one return of the term the
# pages show gets a new version, approved, with its EHE and CME totals one higher, and the
# network's data version is renewed in the same transaction, as approving does. Written without
# the submission's checks and records (its file, validation, events and audit): they are the
# writer's cost, not what a page pays after a change. One line in ("<network slug>") names the
# network whose LA is changed; one line out ("changed <version id>") when it is committed.
CHANGES = r"""
import itertools, sys
import django
django.setup()
from django.db import transaction
from django.db.models import Max
from notinschool.places.models import Network
from notinschool.places.services import data_changed
from notinschool.returns.models import Return, ReturnFigure, ReturnVersion

period = sys.argv[1]
turns = {}  # network slug -> its returns of the term, in turn


def change(slug):
    if slug not in turns:
        network = Network.objects.get(slug=slug)
        ids = Return.objects.filter(period=period, local_authority__networks=network, approved_version__isnull=False)
        turns[slug] = itertools.cycle(list(ids.order_by("id").values_list("id", flat=True)))
    with transaction.atomic():
        record = Return.objects.select_for_update().get(pk=next(turns[slug]))
        before = record.approved_version
        number = record.versions.aggregate(Max("number"))["number__max"] + 1
        version = ReturnVersion.objects.create(
            return_record=record, number=number, source=before.source, original_filename=before.original_filename,
            content_hash=before.content_hash, report=before.report,
        )
        ReturnFigure.objects.bulk_create(
            ReturnFigure(version=version, measure=f.measure, category=f.category,
                         value=f.value + 1 if f.value is not None and f.measure in {"ehe_total", "cme_total"}
                         and not f.category else f.value)
            for f in before.figures.all()
        )
        record.approved_version = record.current_version = version
        record.save(update_fields=["approved_version", "current_version"])
        data_changed(la_ids=[record.local_authority_id])
    return version.pk


for line in sys.stdin:
    print(f"changed {change(line.strip())}", flush=True)
"""


class Changes:
    """A process that makes one change to the figures on request (`CHANGES`), and a thread that
    asks it for one every so often while pages are measured."""

    def __init__(self, env: dict, period: str) -> None:
        self.writer = subprocess.Popen([sys.executable, "-c", CHANGES, period], cwd=ROOT, env=env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
        self.made = 0
        self.lock = threading.Lock()  # one change at a time through the one pipe

    def change(self, slug: str) -> None:
        """A new approved version of one of the network's returns of the last term, committed."""
        with self.lock:
            self.writer.stdin.write(slug + "\n")
            self.writer.stdin.flush()
            if not self.writer.stdout.readline().startswith("changed "):
                raise SystemExit("a change to the figures failed (see above)")
            self.made += 1

    @contextlib.contextmanager
    def every(self, seconds: float, slug: str):
        """While the block runs, a change to the network's figures every `seconds`."""
        done, failed = threading.Event(), []

        def run() -> None:
            try:
                while not done.wait(seconds):
                    self.change(slug)
            except BaseException as exc:  # said after the block
                failed.append(exc)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join(timeout=60)
        if thread.is_alive():
            raise SystemExit("a change to the figures took over a minute")
        if failed:
            raise SystemExit(f"changing the figures failed: {failed[0]}")

    def close(self) -> None:
        """End the writer (killed if it has not ended within 30 seconds)."""
        with contextlib.suppress(OSError):
            self.writer.stdin.close()
        try:
            self.writer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.writer.kill()
            self.writer.wait(timeout=30)
