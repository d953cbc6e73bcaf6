from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Telling people what happened: emails sent by jobs, each logged against its return."""

    name = "notinschool.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Each app declares its kinds of email in its own notifications.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("notifications")
