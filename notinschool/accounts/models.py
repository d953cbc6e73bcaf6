"""Users belong to one LA or to a network's coordination team, and hold one or more roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q


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
        return self.is_active and role in self.role_set()


class RoleAssignment(models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"
