"""Writes for the register. Each module holds one area; import from here. Every service takes
the `Actor` who acts (never the web request) and refuses with a `ServiceError`."""

from notinschool.register.services.children import (
    ConcurrentEdit,
    InvalidChild,
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
from notinschool.register.services.facts import InvalidNotification, notification_record, notification_settle
from notinschool.register.services.returns import ReturnDates, return_dates, return_generate, return_store
from notinschool.register.services.transfers import TransferRefused, transfer_document, transfer_in, transfer_out

__all__ = [
    "ConcurrentEdit",
    "InvalidChild",
    "InvalidNotification",
    "RegisterError",
    "ReturnDates",
    "TransferRefused",
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
    "notification_record",
    "notification_settle",
    "parent_add",
    "provider_add",
    "reclassify_as_cme",
    "return_dates",
    "return_generate",
    "return_store",
    "sao_event_record",
    "school_notification_record",
    "settings_update",
    "transfer_document",
    "transfer_in",
    "transfer_out",
]
