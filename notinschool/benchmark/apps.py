from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# What decides who may see a dashboard page and what its header shows (ADR 0615).
ACCESS_MODELS = (
    "accounts.User",
    "accounts.RoleAssignment",
    "places.Network",
    "places.ComparisonGroup",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
)
ACCESS_MEMBERS = ("places.Network", "places.ComparisonGroup")


def _access_changed(sender, update_fields=None, **kwargs) -> None:
    from django.db import transaction

    from notinschool.benchmark.repeat_views import renew_access_epoch

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nobody's access
    renew_access_epoch()
    # Again once the change is committed: a page made meanwhile, from what was there before, was
    # kept under the epoch given just now, and must not be answered after the change.
    transaction.on_commit(renew_access_epoch)


class BenchmarkConfig(AppConfig):
    """Rates, rankings, trends and comparisons of LAs, the region and England.

    Also the charts, downloads and meeting pack that show them."""

    name = "notinschool.benchmark"
    label = "benchmark"

    def ready(self) -> None:
        """Pages kept for a session are dropped whenever anyone's access changes."""
        for label in ACCESS_MODELS:
            try:
                model = apps.get_model(label)
            except LookupError:  # an app left out of these settings
                continue
            post_save.connect(_access_changed, sender=model, dispatch_uid=f"access-epoch-save-{label}")
            post_delete.connect(_access_changed, sender=model, dispatch_uid=f"access-epoch-delete-{label}")
        for label in ACCESS_MEMBERS:
            through = apps.get_model(label).local_authorities.through
            m2m_changed.connect(_access_changed, sender=through, dispatch_uid=f"access-epoch-members-{label}")
