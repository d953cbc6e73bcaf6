"""Who may do what, declared once: a Permission enum and `rules` predicates for each.

Views declare the permission they need with `@requires(Permission.X, obj=...)`; object-level
checks (this LA's return, this network's dashboard) are predicates here, never code in views.
A test walks every URL and fails when a view declares nothing; tests/test_permissions.py proves
each rule for each role.
"""

import functools
from collections.abc import Callable
from enum import StrEnum

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from notinschool.accounts.models import Role
from notinschool.core.access import ACCESS_ATTRIBUTE
from notinschool.core.actor import Actor
from notinschool.places.selectors import la_in_network


class Permission(StrEnum):
    """Everything a user can be allowed to do. Values are `rules` permission names.

    The object each permission is checked against is named in its comment; `requires(...,
    obj=...)` must supply it.
    """

    VIEW_SIGNED_IN_PAGES = "service.view_signed_in_pages"  # no object: anyone signed in
    SET_UP_TWO_FACTOR = "accounts.set_up_two_factor"  # no object: the only pages before the second factor
    MANAGE_OWN_ACCOUNT = "accounts.manage_own_account"  # no object: password, backup codes
    MANAGE_COMPARISON_GROUPS = "places.manage_comparison_groups"  # no object
    VIEW_NETWORK = "places.view_network"  # Network: members, coordinators, administrators
    MANAGE_COLLECTION = "returns.manage_collection"  # Network: its coordinators
    VIEW_RETURN = "returns.view_return"  # LocalAuthority: its users, coordinators of its networks, administrators
    EDIT_RETURN = "returns.edit_return"  # LocalAuthority: its LA contributors
    APPROVE_RETURN = "returns.approve_return"  # LocalAuthority: its LA approvers
    REOPEN_RETURN = "returns.reopen_return"  # LocalAuthority: coordinators of a network it is in
    REVIEW_EXPLANATION = "returns.review_explanation"  # LocalAuthority: coordinators of a network it is in
    VIEW_DASHBOARD = "benchmark.view_dashboard"  # Network: members and coordinators
    VIEW_REGISTER = "register.view_register"  # LocalAuthority: its register officers, with two-factor
    EDIT_REGISTER = "register.edit_register"  # LocalAuthority: its register officers, with two-factor
    IMPORT_PUBLISHED = "published.import_published"  # no object: coordinators and administrators
    VIEW_AUDIT = "audit.view_audit"  # no object: administrators
    MANAGE_USERS = "accounts.manage_users"  # None, Network, LocalAuthority or User: see `can_manage_users`
    MANAGE_COUNCIL_SIGN_IN = "accounts.manage_council_sign_in"  # no object: administrators
    MANAGE_API_TOKENS = "accounts.manage_api_tokens"  # LocalAuthority: its LA approvers
    MANAGE_SHARING = "sharing.manage_sharing"  # Network: its coordinators
    GRANT_CONSENT = "sharing.grant_consent"  # LocalAuthority: its LA approvers
    VIEW_JOB = "jobs.view_job"  # Job: the person who started it; administrators for the service's own jobs


# Permissions a user may use after the password but before the second factor.
BEFORE_SECOND_FACTOR = {Permission.SET_UP_TWO_FACTOR}


@rules.predicate
def is_signed_in(user) -> bool:
    """An active account that has signed in."""
    return bool(user and user.is_authenticated and user.is_active)


def has_role(role: Role) -> rules.Predicate:
    """A predicate true when the user holds `role`."""

    @rules.predicate(name=f"has_role:{role}")
    def predicate(user) -> bool:
        return is_signed_in(user) and user.has_role(role)

    return predicate


is_administrator = has_role(Role.SYSTEM_ADMINISTRATOR)
is_coordinator = has_role(Role.NETWORK_COORDINATOR)


@rules.predicate
def is_two_factor_verified(user) -> bool:
    """Signed in with a second factor in this session (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return is_signed_in(user) and callable(check) and bool(check())


@rules.predicate
def is_member_of_network(user, network) -> bool:
    """Coordination team members, and users of an LA in the network."""
    if not is_signed_in(user) or network is None:
        return False
    if user.network_id == network.id:
        return True
    return bool(user.local_authority_id) and la_in_network(network.id, user.local_authority_id)


@rules.predicate
def coordinates_network(user, network) -> bool:
    """A network coordinator on this network's own team."""
    return network is not None and is_coordinator(user) and user.network_id == network.id


@rules.predicate
def is_user_of_la(user, local_authority) -> bool:
    """Anyone whose account belongs to this LA."""
    return local_authority is not None and is_signed_in(user) and user.local_authority_id == local_authority.id


@rules.predicate
def coordinates_network_with_la(user, local_authority) -> bool:
    """A coordinator of a network that this LA is in."""
    if local_authority is None or not is_coordinator(user) or not user.network_id:
        return False
    return la_in_network(user.network_id, local_authority.id)


@rules.predicate
def started_job(user, job) -> bool:
    """The person who started this job."""
    return job is not None and is_signed_in(user) and job.started_by_id is not None and job.started_by_id == user.id


@rules.predicate
def started_by_the_service(user, job) -> bool:
    """A job nobody started by hand (the scheduler's). A person's job may quote their file's
    rows, personal data included, so only they see it."""
    return job is not None and job.started_by_id is None


def holds_role_in_la(role: Role) -> rules.Predicate:
    """A predicate true when the user holds `role` in the LA being checked."""

    @rules.predicate(name=f"holds_role_in_la:{role}")
    def predicate(user, local_authority) -> bool:
        return is_user_of_la(user, local_authority) and user.has_role(role)

    return predicate


is_contributor_of_la = holds_role_in_la(Role.LA_CONTRIBUTOR)
is_approver_of_la = holds_role_in_la(Role.LA_APPROVER)
is_register_officer_of_la = holds_role_in_la(Role.REGISTER_OFFICER)


@rules.predicate
def can_manage_users(user, target) -> bool:
    """Administrators manage anyone; a coordinator manages their own network's people.

    `target` is None (the users page at all), a Network (its team), a LocalAuthority (its
    users), or a User (that person, by their LA or network).
    """
    if is_administrator(user):
        return True
    if not is_coordinator(user) or not user.network_id:
        return False
    from notinschool.accounts.models import User
    from notinschool.places.models import LocalAuthority, Network

    if target is None:
        return True
    if isinstance(target, Network):
        return target.id == user.network_id
    if isinstance(target, LocalAuthority):
        return coordinates_network_with_la(user, target)
    if isinstance(target, User):
        if target.has_role(Role.SYSTEM_ADMINISTRATOR):
            return False
        if target.network_id:
            return target.network_id == user.network_id
        return bool(target.local_authority_id) and coordinates_network_with_la(user, target.local_authority)
    return False


RULES: dict[Permission, rules.Predicate] = {
    Permission.VIEW_SIGNED_IN_PAGES: is_signed_in,
    Permission.SET_UP_TWO_FACTOR: is_signed_in,
    Permission.MANAGE_OWN_ACCOUNT: is_signed_in,
    Permission.MANAGE_COMPARISON_GROUPS: is_signed_in,
    Permission.VIEW_NETWORK: is_member_of_network | is_administrator,
    Permission.MANAGE_COLLECTION: coordinates_network,
    Permission.VIEW_RETURN: is_user_of_la | coordinates_network_with_la | is_administrator,
    Permission.EDIT_RETURN: is_contributor_of_la,
    Permission.APPROVE_RETURN: is_approver_of_la,
    Permission.REOPEN_RETURN: coordinates_network_with_la,
    Permission.REVIEW_EXPLANATION: coordinates_network_with_la,
    Permission.VIEW_DASHBOARD: is_member_of_network,
    Permission.VIEW_REGISTER: is_register_officer_of_la & is_two_factor_verified,
    Permission.EDIT_REGISTER: is_register_officer_of_la & is_two_factor_verified,
    Permission.IMPORT_PUBLISHED: is_coordinator | is_administrator,
    Permission.VIEW_AUDIT: is_administrator,
    Permission.MANAGE_USERS: can_manage_users,
    Permission.MANAGE_COUNCIL_SIGN_IN: is_administrator,
    Permission.MANAGE_API_TOKENS: is_approver_of_la,
    Permission.MANAGE_SHARING: coordinates_network,
    Permission.GRANT_CONSENT: is_approver_of_la,
    Permission.VIEW_JOB: started_job | (is_administrator & started_by_the_service),
}

for _permission, _predicate in RULES.items():
    rules.add_perm(str(_permission), _predicate)


def must_verify_second_factor(user) -> bool:
    """True when this signed-in user has not yet given the second factor they need.

    Needed by holders of coordinator, administrator and register officer roles, and by
    anyone who has set up an authenticator app of their own accord.
    """
    if not is_signed_in(user) or is_two_factor_verified(user):
        return False
    if user.two_factor_required:
        return True
    from notinschool.accounts.two_factor import has_confirmed_device

    return has_confirmed_device(user)


def requires(permission: Permission, *, obj: Callable[..., object] | None = None) -> Callable:
    """Declare and enforce the permission a view needs.

    `obj(request, **kwargs)` returns the object a rule checks (raising Http404 when absent).
    Signed-out users go to the sign-in page; users who still owe a second factor go to the
    two-factor page; signed-in users without permission get a 403, which is audited.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not is_signed_in(request.user):
                from notinschool.audit.signed_out import record_signed_out_request

                record_signed_out_request(request)
                return redirect_to_login(request.get_full_path())
            if permission not in BEFORE_SECOND_FACTOR and must_verify_second_factor(request.user):
                return redirect("accounts:two-factor")
            target = obj(request, **kwargs) if obj is not None else None
            if not request.user.has_perm(str(permission), target):
                _audit_refusal(request, permission, target)
                raise PermissionDenied(f"{permission} refused")
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, str(permission))
        return wrapper

    return decorator


def _audit_refusal(request: HttpRequest, permission: Permission, target: object) -> None:
    from notinschool.audit.actions import Action
    from notinschool.audit.services import audit_record

    la = target if type(target).__name__ == "LocalAuthority" else None
    audit_record(
        action=Action.ACCESS_REFUSED,
        actor=Actor.from_request(request),
        local_authority=la,
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(getattr(target, "pk", "") or ""),
        details={"permission": str(permission), "path": request.path[:300], "method": request.method},
    )
