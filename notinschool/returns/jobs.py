"""The returns app's jobs: reminders (docs/jobs.md)."""

from notinschool.core.presenters import counted
from notinschool.jobs.kinds import JobResult, RunningJob, job_kind
from notinschool.returns.models import Collection
from notinschool.returns.services.chasing import reminders_send

REMINDERS = "returns.reminders"


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


@job_kind(REMINDERS, title="Sending reminders", time_limit=10 * 60)
def send_reminders(job: RunningJob, *, collection_id: int, scheduled: bool = False) -> JobResult:
    """Remind every LA of the collection that has not yet submitted."""
    from django.urls import reverse

    collection = Collection.objects.select_related("network").get(pk=collection_id)
    sent = reminders_send(
        collection=collection,
        actor=job.actor(),
        key=f"{REMINDERS}:{job.id}",
        scheduled=scheduled,
        progress=job.progress,
    )
    count = len(sent.reminded)
    message = f"Reminders sent to {counted(count, 'local authority', 'local authorities')}."
    details = []
    if sent.through_contributors:
        details.append(
            f"{_names(sent.through_contributors)} {'has' if len(sent.through_contributors) == 1 else 'have'} "
            f"no return contact, so {'its' if len(sent.through_contributors) == 1 else 'their'} contributors were "
            "reminded instead."
        )
    if sent.nobody:
        details.append(
            f"{_names(sent.nobody)} {'has' if len(sent.nobody) == 1 else 'have'} nobody to remind: "
            "add a return contact for each on the tracking page."
        )
    return JobResult(
        message=message,
        details=details,
        url=reverse("returns:tracking", kwargs={"network": collection.network.slug, "period": collection.period}),
        link_text="Back to tracking",
    )
