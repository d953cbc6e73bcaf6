"""Writes for returns. Each module holds one area; import from here."""

from notinschool.returns.services.collections import (
    CollectionError,
    collection_close,
    collection_open,
    collection_reopen,
    collection_update,
)
from notinschool.returns.services.status import (
    ReturnStateError,
    query_explain,
    return_approve,
    return_reopen,
    return_send_back,
    return_submit,
)
from notinschool.returns.services.versions import (
    SubmissionOutcome,
    SubmissionRefused,
    version_create_from_figures,
    version_create_from_file,
)

__all__ = [
    "CollectionError",
    "ReturnStateError",
    "SubmissionOutcome",
    "SubmissionRefused",
    "collection_close",
    "collection_open",
    "collection_reopen",
    "collection_update",
    "query_explain",
    "return_approve",
    "return_reopen",
    "return_send_back",
    "return_submit",
    "version_create_from_figures",
    "version_create_from_file",
]
