"""Who may open the audit log (read by tests/test_url_access.py): administrators only."""

from tests.access_cases import only

ADMIN = "admin@notinschool.example"

EXPECTED = {
    "audit:log": ({}, only({ADMIN})),
    "audit:csv": ({}, only({ADMIN})),
}
