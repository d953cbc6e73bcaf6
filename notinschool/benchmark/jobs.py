"""The dashboard's job: building the meeting pack in the background (docs/jobs.md, ADR 0630)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from notinschool.benchmark.outputs.pack import build_pack
from notinschool.benchmark.outputs.pack_pdf import pack_pdf_bytes, printer_warm_up
from notinschool.benchmark.packs import keep_pack, kept_pack, pack_key
from notinschool.benchmark.pages.selection import selection_from
from notinschool.jobs.kinds import JobFailed, JobResult, RunningJob, job_kind
from notinschool.periods import period_label
from notinschool.places.selectors import network_by_slug, network_ref

PACK = "benchmark.pack"


@job_kind(PACK, title="Building the meeting pack", time_limit=5 * 60)
def build_meeting_pack(job: RunningJob, *, network: str, period: str, query: dict, key: str = "") -> JobResult:
    """Work out and print the pack for the network (or the chosen LAs), and keep it for its data
    version. Safe to run again: a pack already kept for the same figures is not built twice.
    `key` names the pack as asked for; the key is worked out again here, from the figures as
    they are when the job runs."""
    found = network_by_slug(network)
    if found is None:
        raise JobFailed("That network no longer exists, so there is no pack to build.")
    ref = network_ref(found)
    selection = selection_from(QueryDict(urlencode(query)), user=job.started_by, network=ref)
    key = pack_key(ref, period, selection)
    if kept_pack(ref, key) is None:
        printer_warm_up()  # Chromium starts while the pages are worked out
        document = build_pack(ref, period, selection, progress=job.progress)
        job.progress("Printing the pages", document.pages, document.pages)
        keep_pack(ref, key, pack_pdf_bytes(document))
        pages = document.pages
        message = f"The meeting pack for {period_label(period)} is ready: {pages} pages covering {document.scope}."
    else:
        message = f"The meeting pack for {period_label(period)} is ready."
    url = reverse("benchmark:pack-pdf", kwargs={"network": ref.slug, "period": period}) + selection.querystring()
    return JobResult(message=message, url=url, link_text="Download the meeting pack (PDF)")
