"""The register's records: children, their addresses and parents, episodes and their events.

Every record hangs off one LA (`LocalAuthority.children`), so every query starts there.
"""

from notinschool.register.models.activity import Contact, SAOEvent
from notinschool.register.models.children import (
    Address,
    Child,
    Parent,
    RegisterSettings,
    Source,
    new_token,
    normalise_name,
)
from notinschool.register.models.episodes import Episode, Provider
from notinschool.register.models.facts import FactChange, Notification, Transfer

__all__ = [
    "Address",
    "Child",
    "Contact",
    "Episode",
    "FactChange",
    "Notification",
    "Parent",
    "Provider",
    "RegisterSettings",
    "SAOEvent",
    "Source",
    "Transfer",
    "new_token",
    "normalise_name",
]
