"""Loading the demo: reference data, networks and users of every role."""

from django.conf import settings
from django.db import transaction

from notinschool.accounts.models import RoleAssignment, User
from notinschool.demo import data
from notinschool.places import selectors as places_selectors
from notinschool.places.models import Network
from notinschool.places.services import load_reference_data, network_create


class DemoRefused(RuntimeError):
    """The demo must never be loaded into a production database."""


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo and return its sign-ins as (email, roles, organisation)."""
    if settings.PRODUCTION:
        raise DemoRefused("The demo creates accounts with a published password; it is refused in production.")
    load_reference_data()
    for network in data.NETWORKS:
        network_create(
            slug=network["slug"], name=network["name"], la_codes=network["las"], description=network["description"]
        )
    sign_ins = []
    for email, full_name, la_code, network_slug, roles in data.USERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
        user.full_name = full_name
        user.local_authority = places_selectors.la_by_code(la_code) if la_code else None
        user.network = Network.objects.get(slug=network_slug) if network_slug else None
        user.set_password(data.DEMO_PASSWORD)
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        sign_ins.append((email, ", ".join(role.label for role in roles), user.organisation_name))
    return sign_ins
