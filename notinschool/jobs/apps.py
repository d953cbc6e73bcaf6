from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Work that outlives a request: one status record per job, run by background workers."""

    name = "notinschool.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        # Each app declares its kinds of job in its own jobs.py; load them all so a worker
        # knows every kind, whichever app started the job.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
