from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """LAs, regions, networks, codes, statistical neighbours and comparison groups."""

    name = "notinschool.places"
    label = "places"
