"""Writes for sharing: consents, extracts, share links, vignettes, surveys and papers."""
