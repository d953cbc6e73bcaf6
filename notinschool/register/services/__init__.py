"""Writes for the register. Each module holds one area; import from here."""

from notinschool.register.services.children import (
    ConcurrentEdit,
    address_add,
    child_create,
    child_erase,
    child_update,
    children_delete_past_retention,
    parent_add,
    settings_update,
)
from notinschool.register.services.episodes import (
    RegisterError,
    consent_decide,
    contact_record,
    episode_close,
    episode_create,
    episode_update,
    provider_add,
    reclassify_as_cme,
    sao_event_record,
    school_notification_record,
)
from notinschool.register.services.returns import ReturnDates, return_dates, return_generate, return_store

__all__ = [
    "ConcurrentEdit",
    "RegisterError",
    "ReturnDates",
    "address_add",
    "child_create",
    "child_erase",
    "child_update",
    "children_delete_past_retention",
    "consent_decide",
    "contact_record",
    "episode_close",
    "episode_create",
    "episode_update",
    "parent_add",
    "provider_add",
    "reclassify_as_cme",
    "return_dates",
    "return_generate",
    "return_store",
    "sao_event_record",
    "school_notification_record",
    "settings_update",
]
