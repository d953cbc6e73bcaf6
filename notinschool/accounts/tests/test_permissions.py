"""Each permission's rule, proved for each role of the demo (two LAs, two networks, an administrator)."""

import pytest

from notinschool.accounts.models import Role, User
from notinschool.accounts.permissions import RULES, Permission
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code

ADMIN = "admin@notinschool.example"
SE_COORD = "coordinator@south-east.example"
SW_COORD = "coordinator@south-west.example"
KENT_CONTRIB, KENT_APPROVER, KENT_OFFICER = "contributor@kent.example", "approver@kent.example", "officer@kent.example"
SURREY_CONTRIB, SURREY_APPROVER = "contributor@surrey.example", "approver@surrey.example"
SURREY_OFFICER, SURREY_VIEWER = "officer@surrey.example", "viewer@surrey.example"
EVERYONE = {ADMIN, SE_COORD, SW_COORD, KENT_CONTRIB, KENT_APPROVER, KENT_OFFICER}
EVERYONE |= {SURREY_CONTRIB, SURREY_APPROVER, SURREY_OFFICER, SURREY_VIEWER}


def verified(user: User, value: bool = True) -> User:
    """Stand in for django-otp's middleware, which gives request.user an is_verified()."""
    user.is_verified = lambda: value
    return user


def allowed(permission: Permission, obj, *, two_factor: bool = True) -> set[str]:
    return {
        email for email in EVERYONE if verified(User.objects.get(email=email), two_factor).has_perm(permission, obj)
    }


@pytest.fixture
def places(demo):
    return {
        "kent": la_by_code("886"),
        "surrey": la_by_code("936"),
        "cornwall": la_by_code("908"),
        "se": Network.objects.get(slug="south-east"),
        "sw": Network.objects.get(slug="south-west"),
    }


def test_every_permission_has_a_rule_and_a_docstring():
    assert set(RULES) == set(Permission)
    for predicate in RULES.values():
        assert predicate.name


@pytest.mark.parametrize(
    ("permission", "target", "expected"),
    [
        (Permission.VIEW_NETWORK, "se", EVERYONE - {SW_COORD}),
        (Permission.VIEW_NETWORK, "sw", {ADMIN, SW_COORD}),
        (Permission.MANAGE_COLLECTION, "se", {SE_COORD}),
        (Permission.MANAGE_COLLECTION, "sw", {SW_COORD}),
        (Permission.VIEW_RETURN, "kent", {ADMIN, SE_COORD, KENT_CONTRIB, KENT_APPROVER, KENT_OFFICER}),
        (
            Permission.VIEW_RETURN,
            "surrey",
            {ADMIN, SE_COORD, SURREY_CONTRIB, SURREY_APPROVER, SURREY_OFFICER, SURREY_VIEWER},
        ),
        (Permission.VIEW_RETURN, "cornwall", {ADMIN, SW_COORD}),
        (Permission.EDIT_RETURN, "kent", {KENT_CONTRIB}),
        (Permission.EDIT_RETURN, "surrey", {SURREY_CONTRIB}),
        (Permission.APPROVE_RETURN, "kent", {KENT_APPROVER}),
        (Permission.APPROVE_RETURN, "surrey", {SURREY_APPROVER}),
        (Permission.REOPEN_RETURN, "kent", {SE_COORD}),
        (Permission.REOPEN_RETURN, "cornwall", {SW_COORD}),
        (Permission.VIEW_DASHBOARD, "se", EVERYONE - {ADMIN, SW_COORD}),
        (Permission.VIEW_DASHBOARD, "sw", {SW_COORD}),
        (Permission.VIEW_REGISTER, "kent", {KENT_OFFICER}),
        (Permission.VIEW_REGISTER, "surrey", {SURREY_OFFICER}),
        (Permission.EDIT_REGISTER, "kent", {KENT_OFFICER}),
        (Permission.EDIT_REGISTER, "surrey", {SURREY_OFFICER}),
        (Permission.IMPORT_PUBLISHED, None, {ADMIN, SE_COORD, SW_COORD}),
        (Permission.VIEW_AUDIT, None, {ADMIN}),
        (Permission.MANAGE_USERS, None, {ADMIN, SE_COORD, SW_COORD}),
        (Permission.MANAGE_USERS, "se", {ADMIN, SE_COORD}),
        (Permission.MANAGE_USERS, "kent", {ADMIN, SE_COORD}),
        (Permission.MANAGE_USERS, "cornwall", {ADMIN, SW_COORD}),
        (Permission.MANAGE_COUNCIL_SIGN_IN, None, {ADMIN}),
        (Permission.MANAGE_API_TOKENS, "kent", {KENT_APPROVER}),
        (Permission.MANAGE_API_TOKENS, "surrey", {SURREY_APPROVER}),
        (Permission.MANAGE_SHARING, "se", {SE_COORD}),
        (Permission.MANAGE_SHARING, "sw", {SW_COORD}),
        (Permission.GRANT_CONSENT, "kent", {KENT_APPROVER}),
        (Permission.GRANT_CONSENT, "surrey", {SURREY_APPROVER}),
        (Permission.VIEW_SIGNED_IN_PAGES, None, EVERYONE),
    ],
)
def test_who_holds_each_permission(places, permission, target, expected):
    obj = places[target] if target else None
    assert allowed(permission, obj) == expected


@pytest.mark.parametrize("permission", [Permission.VIEW_REGISTER, Permission.EDIT_REGISTER])
def test_the_register_needs_two_factor_in_this_session(places, permission):
    assert allowed(permission, places["kent"], two_factor=False) == set()
    officer = User.objects.get(email=KENT_OFFICER)
    assert not officer.has_perm(permission, places["kent"])  # a user object with no is_verified at all


def test_managing_a_person_follows_their_la_or_network(places):
    admin, se, sw = (User.objects.get(email=e) for e in (ADMIN, SE_COORD, SW_COORD))
    kim, viewer = User.objects.get(email=KENT_CONTRIB), User.objects.get(email=SURREY_VIEWER)
    assert se.has_perm(Permission.MANAGE_USERS, kim) and se.has_perm(Permission.MANAGE_USERS, viewer)
    assert not sw.has_perm(Permission.MANAGE_USERS, kim)
    assert not se.has_perm(Permission.MANAGE_USERS, admin), "coordinators never manage administrators"
    assert se.has_perm(Permission.MANAGE_USERS, se) and not sw.has_perm(Permission.MANAGE_USERS, se)
    assert admin.has_perm(Permission.MANAGE_USERS, kim)


def test_disabled_accounts_hold_no_permission(places):
    approver = User.objects.get(email=KENT_APPROVER)
    approver.is_active = False
    approver.save()
    assert not approver.has_perm(Permission.APPROVE_RETURN, places["kent"])
    assert not approver.has_perm(Permission.VIEW_RETURN, places["kent"])


def test_a_role_without_the_organisation_grants_nothing(places):
    drifter = User.objects.create_user(email="drifter@example.com")
    drifter.role_assignments.create(role=Role.NETWORK_COORDINATOR)
    drifter = User.objects.get(pk=drifter.pk)
    assert not drifter.has_perm(Permission.MANAGE_COLLECTION, places["se"])
    assert not drifter.has_perm(Permission.REOPEN_RETURN, places["kent"])
    assert not drifter.has_perm(Permission.MANAGE_USERS, places["kent"])
