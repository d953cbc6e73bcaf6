"""Fixtures for the published app's tests; the browser fixtures come from tests/system."""

import pytest


@pytest.fixture
def places(reference_data):
    """Regions, LAs and their code history: everything an import needs."""
    return reference_data


@pytest.fixture
def demo_release(demo):
    """The demo networks and users, and DfE's 2022/23 EHE census release."""
    from notinschool.published import demo as published_demo

    return published_demo.load()
