"""Writes for returns. Each module holds one area; import from here."""

from notinschool.returns.models import ReturnVersion
from notinschool.returns.services.collections import (
    CollectionError,
    collection_close,
    collection_due_date_change,
    collection_open,
    collection_reopen,
    collection_update,
)
from notinschool.returns.services.explanations import (
    Answer,
    ExplanationsRefused,
    explanation_review,
    explanations_save,
    query_explain,
)
from notinschool.returns.services.status import (
    ReturnStateError,
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

# How a version arrived (upload, form, API, register): other apps name a source through this.
VersionSource = ReturnVersion.Source

__all__ = [
    "Answer",
    "CollectionError",
    "ExplanationsRefused",
    "ReturnStateError",
    "SubmissionOutcome",
    "SubmissionRefused",
    "VersionSource",
    "collection_close",
    "collection_due_date_change",
    "collection_open",
    "collection_reopen",
    "collection_update",
    "explanation_review",
    "explanations_save",
    "query_explain",
    "return_approve",
    "return_reopen",
    "return_send_back",
    "return_submit",
    "version_create_from_figures",
    "version_create_from_file",
]
