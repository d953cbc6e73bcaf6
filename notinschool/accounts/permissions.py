"""Who may do what, declared once: a Permission enum and `rules` predicates for each.

Views declare the permission they need with `@requires(Permission.X)`; object-level checks
(this LA's return, this network's dashboard) are predicates here, never code in views.
A test walks every URL and fails when a view declares nothing.
"""

import functools
from collections.abc import Callable
from enum import StrEnum

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from notinschool.accounts.models import Role
from notinschool.core.access import ACCESS_ATTRIBUTE


class Permission(StrEnum):
    """Everything a user can be allowed to do. Values are `rules` permission names."""

    VIEW_SIGNED_IN_PAGES = "service.view_signed_in_pages"
    MANAGE_COMPARISON_GROUPS = "places.manage_comparison_groups"
    VIEW_NETWORK = "places.view_network"


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(role: Role) -> Callable:
    """A predicate true when the user holds `role`."""

    @rules.predicate(name=f"has_role:{role}")
    def predicate(user) -> bool:
        return is_signed_in(user) and user.has_role(role)

    return predicate


is_administrator = has_role(Role.SYSTEM_ADMINISTRATOR)


@rules.predicate
def is_member_of_network(user, network) -> bool:
    """Coordination team members, and users of an LA in the network."""
    if not is_signed_in(user) or network is None:
        return False
    if user.network_id == network.id:
        return True
    return bool(user.local_authority_id) and network.local_authorities.filter(id=user.local_authority_id).exists()


RULES: dict[Permission, rules.Predicate] = {
    Permission.VIEW_SIGNED_IN_PAGES: is_signed_in,
    Permission.MANAGE_COMPARISON_GROUPS: is_signed_in,
    Permission.VIEW_NETWORK: is_member_of_network | is_administrator,
}

for _permission, _predicate in RULES.items():
    rules.add_perm(str(_permission), _predicate)


def requires(permission: Permission, *, obj: Callable[..., object] | None = None) -> Callable:
    """Declare and enforce the permission a view needs.

    `obj(request, **kwargs)` returns the object a rule checks (raising Http404 when absent).
    Signed-out users go to the sign-in page; signed-in users without permission get a 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not is_signed_in(request.user):
                return redirect_to_login(request.get_full_path())
            target = obj(request, **kwargs) if obj is not None else None
            if not request.user.has_perm(str(permission), target):
                raise PermissionDenied(f"{permission} refused")
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, str(permission))
        return wrapper

    return decorator
