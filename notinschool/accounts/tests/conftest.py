"""Fixtures for accounts tests."""

import pytest

from notinschool.accounts.tests.helpers import oidc_provider

KENT_USER = {"sub": "kim-kent", "email": "contributor@kent.example", "email_verified": True}
UNVERIFIED = {"sub": "unverified", "email": "approver@kent.example", "email_verified": False}
STRANGER = {"sub": "stranger", "email": "stranger@kent.example", "email_verified": True}
INVITED = {"sub": "invited", "email": "newcomer@kent.example", "email_verified": True}
OTHER_DOMAIN = {"sub": "other", "email": "contributor@surrey.example", "email_verified": True}


@pytest.fixture
def provider():
    """A real OpenID Connect provider (oidc-provider-mock) on 127.0.0.1; yields its issuer URL."""
    with oidc_provider(users=[KENT_USER, UNVERIFIED, STRANGER, INVITED, OTHER_DOMAIN]) as issuer:
        yield issuer
