from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Extracts, audiences, vignettes, surveys and papers: what leaves the network, under control."""

    name = "notinschool.sharing"
    label = "sharing"
