"""Who may open the core and places pages (read by tests/test_url_access.py).

The accounts pages are in notinschool/accounts/tests/access.py, the audit log's in
notinschool/audit/tests/access.py.
"""

from tests.access_cases import OK, everyone, post_only_signed_in, signed_in_only

EXPECTED = {
    "core:home": ({}, everyone(OK)),
    "core:accessibility": ({}, everyone(OK)),
    "core:cookies": ({}, everyone(OK)),
    "core:privacy": ({}, everyone(OK)),
    "places:local-authorities": ({}, everyone(OK)),
    "places:local-authority": ({"code": "E10000002"}, everyone(OK)),
    "places:comparison-groups": ({}, signed_in_only()),
    "places:comparison-group-delete": ({"group_id": 1}, post_only_signed_in()),
    "api:openapi-json": ({}, everyone(OK)),
    "api:index": ({}, everyone(OK)),
    "api:api-root": ({}, everyone(OK)),
}
