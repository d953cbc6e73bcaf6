"""The sign-in backend: Django's own password checks, with a cheaper load of the signed-in user.

Every request loads the signed-in user. Loading in the same query their LA or network (the
header shows it), whether they have an authenticator (the two-factor rules ask), their roles
(every permission asks) and, for LA users, the network the header links to saves a round trip
to the database for each, on every page. The query is compiled to SQL once per database and
process, not on every request: Django spends several times longer writing this SQL than the
database spends answering it (ADR 0309).
"""

import threading

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.query import get_related_populators
from django_otp.plugins.otp_totp.models import TOTPDevice

SIGN_IN_BACKEND = "notinschool.accounts.backends.AccountBackend"
# Stands for the user's id while the query is compiled; replaced by the real id on each use.
_ID_PLACEHOLDER = -1_987_654_321


def signed_in_user_queryset(user_id):
    """The query that loads a signed-in user with what every page needs."""
    from notinschool.accounts.models import Role, RoleAssignment, User
    from notinschool.places.models import Network

    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    home = Network.objects.filter(local_authorities=OuterRef("local_authority_id")).order_by("name")
    # One yes or no per role (an index lookup each), in any database: the roles come with the user.
    holds = {_holds(role): Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role.value)) for role in Role}
    return (
        User._default_manager.select_related("local_authority", "network")
        .annotate(has_authenticator=Exists(confirmed), home_network_slug=Subquery(home.values("slug")[:1]), **holds)
        .filter(pk=user_id)[:1]
    )


def _holds(role) -> str:
    return f"holds_{role.value}"


class _CompiledQuery:
    """The user query as SQL, and what Django needs to build the user (with their LA and
    network) from a row, exactly as a queryset's own iteration does."""

    def __init__(self, alias: str) -> None:
        self.compiler = signed_in_user_queryset(_ID_PLACEHOLDER).query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        if self.params.count(_ID_PLACEHOLDER) != 1:
            # Replacing one of several would load the wrong rows: refuse to start instead.
            raise ImproperlyConfigured("The signed-in user's query must use the user's id exactly once.")
        self.id_at = self.params.index(_ID_PLACEHOLDER)
        klass_info = self.compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in self.compiler.select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, self.compiler.select, alias)
        self.annotations = dict(self.compiler.annotation_col_map)

    def load(self, alias: str, user_id: int):
        """The user with this id, built from one row, or None when there is no such row."""
        params = list(self.params)
        params[self.id_at] = user_id
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        for row in self.compiler.results_iter([rows]):
            user = self.model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, user)
            for name, position in self.annotations.items():
                setattr(user, name, row[position])
            return user
        return None


# Compiled per thread: a compiler keeps the database connection of the thread that made it
# (its value converters ask it), and Django's connections are per thread.
_compiled = threading.local()


def load_signed_in_user(user_id):
    """The user with this id (with LA, network, `has_authenticator`, `home_network_slug`), or None."""
    from notinschool.accounts.models import User

    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = DEFAULT_DB_ALIAS
    key = (alias, connections[alias].vendor)
    compiled_here = getattr(_compiled, "queries", None)
    if compiled_here is None:
        compiled_here = _compiled.queries = {}
    compiled = compiled_here.get(key)
    if compiled is None:
        compiled = compiled_here[key] = _CompiledQuery(alias)
    return compiled.load(alias, user_id)


class AccountBackend(ModelBackend):
    """ModelBackend whose `get_user` brings the user's organisation, authenticator state and
    home network in one precompiled query."""

    def get_user(self, user_id):
        """The active user with this id, or None (as ModelBackend)."""
        from notinschool.accounts.models import Role

        user = load_signed_in_user(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        # The caches two_factor.has_confirmed_device and User.role_set read, filled for this request.
        user._has_confirmed_device = user.has_authenticator
        user._role_cache = {role.value for role in Role if getattr(user, _holds(role))}
        return user
