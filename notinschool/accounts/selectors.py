"""Reads for accounts: the people a manager can see, where they can invite, tokens, council sign-in."""

from django.db.models import Q, QuerySet

from notinschool.accounts.models import APIToken, CouncilSignIn, Invitation, Role, User, hash_secret
from notinschool.places.models import LocalAuthority, Network


def users_managed_by(manager: User) -> QuerySet[User]:
    """Everyone for an administrator; a coordinator's own team and their network's LAs' users."""
    users = User.objects.select_related("local_authority", "network").prefetch_related("role_assignments")
    if manager.has_role(Role.SYSTEM_ADMINISTRATOR):
        return users.order_by("email")
    if not manager.has_role(Role.NETWORK_COORDINATOR) or not manager.network_id:
        return users.none()
    in_network = Q(network_id=manager.network_id) | Q(local_authority__networks=manager.network_id)
    return (
        users.filter(in_network).exclude(role_assignments__role=Role.SYSTEM_ADMINISTRATOR).distinct().order_by("email")
    )


def invitations_sent_for(manager: User) -> QuerySet[Invitation]:
    """Invitations not yet used, that this manager may see."""
    invitations = Invitation.objects.filter(accepted_at__isnull=True).select_related("local_authority", "network")
    if manager.has_role(Role.SYSTEM_ADMINISTRATOR):
        return invitations
    if not manager.network_id:
        return invitations.none()
    return invitations.filter(Q(network_id=manager.network_id) | Q(local_authority__networks=manager.network_id))


def organisations_for(manager: User) -> list[tuple[str, str]]:
    """Where this manager may invite people, as (value, label) choices."""
    if manager.has_role(Role.SYSTEM_ADMINISTRATOR):
        networks = Network.objects.all()
        las = LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT)
        choices = [("service", "The whole service (administrators)")]
    elif manager.has_role(Role.NETWORK_COORDINATOR) and manager.network is not None:
        networks = Network.objects.filter(id=manager.network.pk)
        las = manager.network.local_authorities.filter(status=LocalAuthority.Status.CURRENT)
        choices = []
    else:
        return []
    choices += [(f"network:{n.slug}", f"{n.name} (coordination team)") for n in networks.order_by("name")]
    choices += [(f"la:{la.old_code}", la.name) for la in las.order_by("name")]
    return choices


def api_tokens_of(local_authority: LocalAuthority) -> QuerySet[APIToken]:
    """An LA's tokens, newest first, revoked ones included."""
    return APIToken.objects.filter(local_authority=local_authority).select_related("created_by").order_by("-created_at")


def api_token_by_secret(secret: str) -> APIToken | None:
    """The token this secret belongs to, revoked or not; None for an unknown secret."""
    if not secret or len(secret) > 200:
        return None
    return APIToken.objects.select_related("local_authority").filter(secret_hash=hash_secret(secret)).first()


def council_sign_in_for_email(email: str) -> CouncilSignIn | None:
    """The enabled council sign-in whose allowed domains include this address's domain."""
    domain = email.rpartition("@")[2].lower()
    if not domain:
        return None
    for config in CouncilSignIn.objects.filter(enabled=True).select_related("local_authority"):
        if domain in config.domains:
            return config
    return None


def people_of_la_with_role(local_authority: LocalAuthority, role: Role) -> QuerySet[User]:
    """The active people of this LA who hold `role` (for example its approvers, to tell them)."""
    return User.objects.filter(local_authority=local_authority, is_active=True, role_assignments__role=role).order_by(
        "email"
    )


def active_user_by_email(email: str) -> User | None:
    """The active account with this email (any case), or None."""
    return User.objects.filter(email__iexact=email, is_active=True).first()


def active_user_by_id(pk: int) -> User | None:
    """The active account with this id, or None."""
    return User.objects.filter(pk=pk, is_active=True).first()


def person_by_id(pk: int) -> User | None:
    """Any account (active or not) with its LA and network, or None."""
    return User.objects.filter(pk=pk).select_related("local_authority", "network").first()


def council_sign_ins() -> QuerySet[CouncilSignIn]:
    """Every LA's council sign-in, by LA name."""
    return CouncilSignIn.objects.select_related("local_authority").order_by("local_authority__name")


def council_sign_in_of(local_authority: LocalAuthority) -> CouncilSignIn | None:
    """The LA's council sign-in settings, or None when it has none."""
    return CouncilSignIn.objects.filter(local_authority=local_authority).first()


def council_sign_in_endpoints() -> list[str]:
    """The authorisation addresses of every enabled council sign-in."""
    return list(CouncilSignIn.objects.filter(enabled=True).values_list("authorization_endpoint", flat=True))


def networks_of(user: User) -> list[Network]:
    """The networks a person belongs to: every one for a system administrator, else the
    network they coordinate or view and those of their LA."""
    if user.has_role(Role.SYSTEM_ADMINISTRATOR):
        return list(Network.objects.all())
    networks = list(Network.objects.filter(id=user.network_id)) if user.network_id else []
    if user.local_authority_id:
        networks += list(Network.objects.filter(local_authorities=user.local_authority_id))
    return networks
