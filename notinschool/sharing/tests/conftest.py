"""Browser fixtures for sharing's system tests."""
