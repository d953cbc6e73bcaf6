"""Users belong to one LA or to a network's coordination team, and hold one or more roles.

Also here: invitations to join, API tokens for LA systems, and each LA's council sign-in
(OpenID Connect) settings.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    """What a person does in the service. A user may hold several."""

    LA_CONTRIBUTOR = "la_contributor", "LA contributor"
    LA_APPROVER = "la_approver", "LA approver"
    REGISTER_OFFICER = "register_officer", "Register officer"
    NETWORK_VIEWER = "network_viewer", "Network viewer"
    NETWORK_COORDINATOR = "network_coordinator", "Network coordinator"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


LA_ROLES = {Role.LA_CONTRIBUTOR, Role.LA_APPROVER, Role.REGISTER_OFFICER}
NETWORK_ROLES = {Role.NETWORK_VIEWER, Role.NETWORK_COORDINATOR}
# Roles whose holders must sign in with a second factor before they can do anything.
TWO_FACTOR_ROLES = {Role.NETWORK_COORDINATOR, Role.SYSTEM_ADMINISTRATOR, Role.REGISTER_OFFICER}


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (tokens, invitation links), as hex.

    A fast hash is enough here: the secrets are 256 random bits, so there is nothing to
    guess; a slow password hash would only slow every API request down.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class EmailUserManager(UserManager):
    """Users sign in with their work email address."""

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_user(email=email.lower(), password=password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_superuser(email=email.lower(), password=password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. `username` mirrors the email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    local_authority = models.ForeignKey(
        "places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_team",
        help_text="For members of a network's coordination team rather than of one LA.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = EmailUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(local_authority__isnull=True) | Q(network__isnull=True),
                name="user_belongs_to_an_la_or_a_network_not_both",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def organisation_name(self) -> str:
        """What the header shows beside the user's name."""
        if self.local_authority_id:
            return self.local_authority.name
        if self.network_id:
            return self.network.name
        return ""

    def role_set(self) -> set[str]:
        """The roles this user holds (cached on the instance for one request)."""
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(self.role_assignments.values_list("role", flat=True))
        return self._role_cache

    def has_role(self, role: Role) -> bool:
        """True when the account is active and holds `role`."""
        return self.is_active and role in self.role_set()

    @property
    def two_factor_required(self) -> bool:
        """Coordinators, administrators and register officers must use a second factor."""
        return bool(self.role_set() & TWO_FACTOR_ROLES)


class RoleAssignment(models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class Invitation(models.Model):
    """An invitation, sent by email, to join an LA or a network's team with some roles.

    The link carries a random secret; only its hash is stored. It works once, and not after
    `expires_at`.
    """

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    local_authority = models.ForeignKey(
        "places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    network = models.ForeignKey("places.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    roles = models.JSONField(default=list)
    secret_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(local_authority__isnull=True) | Q(network__isnull=True),
                name="invitation_to_an_la_or_a_network_not_both",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def is_usable(self) -> bool:
        """Not yet accepted and not expired."""
        return self.accepted_at is None and timezone.now() < self.expires_at

    @property
    def organisation_name(self) -> str:
        """The LA or network the invitation is to."""
        if self.local_authority_id:
            return self.local_authority.name
        if self.network_id:
            return self.network.name
        return "the whole service"


class TokenScope(models.TextChoices):
    """What an API token may be used for. Tokens never reach case-level register data."""

    RETURNS_READ = "returns:read", "Read the LA's returns and their validation reports"
    RETURNS_SUBMIT = "returns:submit", "Send returns for the LA"


class APIToken(models.Model):
    """A bearer token an LA's own system uses to call /api/v1/ for that LA only.

    The token is shown once when made; only its SHA-256 hash is kept, with a short prefix so
    people can tell their tokens apart.
    """

    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        """True when the token was made with `scope` and is not revoked."""
        return self.is_active and str(scope) in self.scopes


class CouncilSignIn(models.Model):
    """An LA's own identity provider (OpenID Connect), for signing in with a council account.

    The client secret is encrypted at rest (see `notinschool.accounts.secrets`). Only people
    whose verified email address ends with one of `allowed_email_domains`, and who already have
    an account or an invitation, can sign in through it.
    """

    local_authority = models.OneToOneField(
        "places.LocalAuthority", on_delete=models.PROTECT, related_name="council_sign_in"
    )
    issuer = models.URLField(max_length=300)
    client_id = models.CharField(max_length=300)
    client_secret_encrypted = models.TextField(blank=True)
    authorization_endpoint = models.URLField(max_length=300)
    token_endpoint = models.URLField(max_length=300)
    userinfo_endpoint = models.URLField(max_length=300)
    jwks_uri = models.URLField(max_length=300)
    signing_algorithm = models.CharField(max_length=10, default="RS256")
    allowed_email_domains = models.CharField(max_length=500)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["local_authority__name"]

    def __str__(self) -> str:
        return f"Council sign-in for {self.local_authority.name}"

    @property
    def domains(self) -> list[str]:
        """Allowed email domains, lower case, without "@"."""
        return [d.strip().lstrip("@").lower() for d in self.allowed_email_domains.split(",") if d.strip()]

    def allows_email(self, email: str) -> bool:
        """True when the address's domain is one this council's provider may vouch for."""
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.domains
