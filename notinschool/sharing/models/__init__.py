"""Sharing's records: consents, extracts and share links; vignettes, surveys and papers."""

from notinschool.sharing.models.content import (
    Paper,
    PaperDownload,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    Vignette,
)
from notinschool.sharing.models.extracts import (
    Audience,
    Consent,
    Extract,
    ExtractDownload,
    ShareLink,
    ShareLinkOpen,
)
from notinschool.sharing.models.releases import Release, ReleasedTable, ReleaseLock

__all__ = [
    "Audience",
    "Consent",
    "Extract",
    "ExtractDownload",
    "Paper",
    "PaperDownload",
    "Release",
    "ReleaseLock",
    "ReleasedTable",
    "ShareLink",
    "ShareLinkOpen",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "Vignette",
]
