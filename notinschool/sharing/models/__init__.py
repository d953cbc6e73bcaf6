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

__all__ = [
    "Audience",
    "Consent",
    "Extract",
    "ExtractDownload",
    "Paper",
    "PaperDownload",
    "ShareLink",
    "ShareLinkOpen",
    "Survey",
    "SurveyQuestion",
    "SurveyResponse",
    "Vignette",
]
