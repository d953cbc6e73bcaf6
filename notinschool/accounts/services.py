"""Writes for accounts: invitations, roles, disabling, passwords, API tokens, council sign-in."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts import encryption
from notinschool.accounts.models import (
    LA_ROLES,
    NETWORK_ROLES,
    APIToken,
    CouncilSignIn,
    Invitation,
    Role,
    RoleAssignment,
    User,
    hash_secret,
)
from notinschool.accounts.notifications import INVITATION
from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.core.text import how_long
from notinschool.notifications.rendering import absolute_url
from notinschool.notifications.services import notify

TOKEN_PREFIX = "nis_"  # noqa: S105 - a label that makes leaked tokens easy to spot, not a secret


class InvitationUnusable(ServiceError):
    """The invitation link has expired, was already used, or does not exist."""

    def __init__(self, invitation: str):
        super().__init__(
            "This invitation link has expired, has been used already or does not exist. "
            "Ask the person who invited you to send a new one."
        )
        self.invitation = invitation  # which one, for the log; never shown (it may be the secret)


def invitation_lasts() -> str:
    """How long an invitation's link works, as NOTINSCHOOL_INVITATION_DAYS says ('7 days')."""
    return how_long(settings.NOTINSCHOOL_INVITATION_DAYS * 86400)


@transaction.atomic
def invitation_create(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    roles: list[str],
    local_authority=None,
    network=None,
) -> Invitation:
    """Invite someone by email to an LA or a network's team; the link lasts NOTINSCHOOL_INVITATION_DAYS.

    Permission to invite into that LA or network is checked by the caller (MANAGE_USERS).
    """
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email.lower(),
        full_name=full_name,
        local_authority=local_authority,
        network=network,
        roles=sorted(roles),
        secret_hash=hash_secret(secret),
        invited_by=actor.user,
        expires_at=timezone.now() + timedelta(days=settings.NOTINSCHOOL_INVITATION_DAYS),
    )
    link = absolute_url(reverse("accounts:invitation", kwargs={"secret": secret}))
    # Queued with the invitation, sent by a job once it is committed (never inside the transaction).
    notify(
        kind=INVITATION.code,
        recipients=[invitation.email],
        context={
            "inviter": actor.user.display_name if actor.user is not None else "The Not in School service",
            "organisation": invitation.organisation_name,
            "link": link,
            "lasts": invitation_lasts(),
        },
        actor=actor,
        idempotency_key=f"{INVITATION.code}:{invitation.pk}",
        keep_body=False,
    )
    audit_record(
        action=Action.INVITATION_SENT,
        actor=actor,
        local_authority=local_authority,
        target_type="invitation",
        target_id=str(invitation.pk),
        details={"email": invitation.email, "roles": invitation.roles, "network": getattr(network, "slug", "")},
    )
    return invitation


def invitation_by_secret(secret: str) -> Invitation:
    """The usable invitation this link's secret belongs to, or InvitationUnusable."""
    invitation = Invitation.objects.filter(secret_hash=hash_secret(secret)).first()
    if invitation is None or not invitation.is_usable:
        raise InvitationUnusable("(unknown link)")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str | None, actor: Actor) -> User:
    """Create the account an invitation promised, with its roles; the invitation is then used up.

    `password` is None when the person arrives through council sign-in.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable or User.objects.filter(email__iexact=locked.email).exists():
        raise InvitationUnusable(str(invitation.pk))
    user = User.objects.create_user(email=locked.email, password=password)
    user.full_name = full_name or locked.full_name
    user.local_authority = locked.local_authority
    user.network = locked.network
    user.save()
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=role) for role in locked.roles)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        action=Action.INVITATION_ACCEPTED,
        actor=actor.with_user(user),
        local_authority=user.local_authority,
        target_type="invitation",
        target_id=str(locked.pk),
        details={"roles": locked.roles},
    )
    return user


@transaction.atomic
def user_roles_set(*, actor: Actor, user: User, roles: list[str]) -> None:
    """Give `user` exactly these roles, recording what changed."""
    before = set(user.role_set())
    after = set(roles)
    RoleAssignment.objects.filter(user=user).exclude(role__in=after).delete()
    for role in after - before:
        RoleAssignment.objects.create(user=user, role=role)
    if hasattr(user, "_role_cache"):
        del user._role_cache
    if before != after:
        audit_record(
            action=Action.ROLES_CHANGED,
            actor=actor,
            local_authority=user.local_authority,
            target_type="user",
            target_id=str(user.pk),
            details={"added": sorted(after - before), "removed": sorted(before - after), "email": user.email},
        )


def end_sessions(user: User, *, keep_session_key: str | None = None) -> int:
    """Delete every stored session of this user except `keep_session_key`; return how many.

    Through the configured session store, not the table alone: sessions are read through the
    cache, and a row deleted behind the store's back would live on there until it expired. Again
    when the change commits, in case a request put one back in the cache from the table meanwhile."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep_session_key and str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session.session_key).delete()
            ended.append(session.session_key)
    if ended:
        transaction.on_commit(lambda: [store(key).delete() for key in ended])
    return len(ended)


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool) -> None:
    """Disable or re-enable an account. A disabled account's sessions end at once."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        end_sessions(user)
    audit_record(
        action=Action.USER_ENABLED if active else Action.USER_DISABLED,
        actor=actor,
        local_authority=user.local_authority,
        target_type="user",
        target_id=str(user.pk),
        details={"email": user.email},
    )


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> int:
    """Remove a person's authenticator and backup codes (a lost phone): their sessions end, and
    at their next sign-in they must set up two-factor again before anything else."""
    from django_otp import devices_for_user

    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    end_sessions(user)
    audit_record(
        action=Action.TWO_FACTOR_RESET,
        actor=actor,
        local_authority=user.local_authority,
        target_type="user",
        target_id=str(user.pk),
        details={"email": user.email, "devices_removed": removed},
    )
    return removed


@transaction.atomic
def password_change(*, actor: Actor, user: User, new_password: str, keep_session_key: str | None = None) -> None:
    """Set a new password. Every session of the user ends but `keep_session_key` (the one they
    changed it from, when signed in: the view then refreshes that session's hash)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    end_sessions(user, keep_session_key=keep_session_key)
    action = Action.PASSWORD_CHANGED if keep_session_key else Action.PASSWORD_RESET
    audit_record(action=action, actor=actor.with_user(user), target_type="user", target_id=str(user.pk))


@dataclass(frozen=True)
class NewToken:
    """A token just made: the secret is here once and never stored."""

    token: APIToken
    secret: str


@transaction.atomic
def api_token_create(*, actor: Actor, local_authority, name: str, scopes: list[str]) -> NewToken:
    """Make an API token for one LA with the given scopes; return it with its one-time secret."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = APIToken.objects.create(
        local_authority=local_authority,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        secret_hash=hash_secret(secret),
        scopes=sorted(scopes),
        created_by=actor.user,
    )
    audit_record(
        action=Action.TOKEN_CREATED,
        actor=actor,
        local_authority=local_authority,
        target_type="api-token",
        target_id=str(token.pk),
        details={"name": name, "scopes": token.scopes},
    )
    return NewToken(token=token, secret=secret)


def api_token_used(*, token: APIToken, at) -> None:
    """Note when a token was last used (without touching the rest of the row)."""
    APIToken.objects.filter(pk=token.pk).update(last_used_at=at)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: APIToken) -> None:
    """Stop a token working, at once and for good."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.revoked_by = actor.user
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        action=Action.TOKEN_REVOKED,
        actor=actor,
        local_authority=token.local_authority,
        target_type="api-token",
        target_id=str(token.pk),
        details={"name": token.name},
    )


@transaction.atomic
def council_sign_in_save(*, actor: Actor, local_authority, client_secret: str, **fields) -> CouncilSignIn:
    """Create or update an LA's council sign-in; a blank `client_secret` keeps the stored one."""
    config = CouncilSignIn.objects.filter(local_authority=local_authority).first() or CouncilSignIn(
        local_authority=local_authority
    )
    for name, value in fields.items():
        setattr(config, name, value)
    if client_secret:
        config.client_secret_encrypted = encryption.encrypt(client_secret)
    config.updated_by = actor.user
    config.save()
    audit_record(
        action=Action.PROVIDER_CHANGED,
        actor=actor,
        local_authority=local_authority,
        target_type="council-sign-in",
        target_id=str(config.pk),
        details={"issuer": config.issuer, "enabled": config.enabled, "secret_changed": bool(client_secret)},
    )
    return config


def roles_a_manager_may_grant(manager: User, *, for_user: User | None = None) -> list[Role]:
    """Administrators grant any role; coordinators every role but administrator.

    For a given person, only the roles that suit where they belong: LA roles in an LA, network
    roles on a network's team, and administrator for people of the whole service.
    """
    roles: list[Role] = (
        list(Role)
        if manager.has_role(Role.SYSTEM_ADMINISTRATOR)
        else [r for r in Role if r != Role.SYSTEM_ADMINISTRATOR]
    )
    if for_user is None:
        return roles
    if for_user.local_authority_id:
        suitable = LA_ROLES
    elif for_user.network_id:
        suitable = NETWORK_ROLES
    else:
        suitable = {Role.SYSTEM_ADMINISTRATOR}
    return [role for role in roles if role in suitable]
