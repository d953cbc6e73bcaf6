"""People: the list a manager sees, inviting, accepting an invitation, roles, disabling."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from notinschool.accounts import selectors, services
from notinschool.accounts.admin_forms import InvitationForm, RolesForm
from notinschool.accounts.forms import AcceptInvitationForm
from notinschool.accounts.models import Role, User
from notinschool.accounts.permissions import Permission, requires
from notinschool.core.access import public
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.places.models import LocalAuthority, Network


@requires(Permission.MANAGE_USERS)
@require_http_methods(["GET", "HEAD"])
def users(request: HttpRequest) -> HttpResponse:
    """Everyone this person manages, and invitations not yet accepted."""
    context = {
        "people": selectors.users_managed_by(request.user),
        "invitations": selectors.invitations_sent_for(request.user),
    }
    return render(request, "accounts/users.html", context)


@requires(Permission.MANAGE_USERS)
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """Invite someone by email into an LA or a network team this person manages."""
    form = InvitationForm(
        request.POST or None,
        organisations=selectors.organisations_for(request.user),
        roles=services.roles_a_manager_may_grant(request.user),
    )
    if request.method == "POST" and form.is_valid():
        target = form.target()
        if target is not None and not request.user.has_perm(str(Permission.MANAGE_USERS), target):
            form.add_error("organisation", "Select an organisation from the list")
        else:
            invitation = services.invitation_create(
                actor=Actor.from_request(request),
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=form.cleaned_data["roles"],
                local_authority=target if isinstance(target, LocalAuthority) else None,
                network=target if isinstance(target, Network) else None,
            )
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. It lasts {services.invitation_lasts()}.",
            )
            return redirect("accounts:users")
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "error_list": error_summary(form),
            "lasts": services.invitation_lasts(),
        },
    )


@public
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, secret: str) -> HttpResponse:
    """Accept an invitation: give your name and choose a password. The link works once."""
    try:
        found = services.invitation_by_secret(secret)
    except services.InvitationUnusable:
        return render(request, "accounts/invitation_unusable.html", status=410)
    form = AcceptInvitationForm(
        request.POST or None, initial={"full_name": found.full_name}, user=User(email=found.email)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                invitation=found,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password"],
                actor=Actor.from_request(request),
            )
        except services.InvitationUnusable:
            return render(request, "accounts/invitation_unusable.html", status=410)
        messages.success(request, "Your account is ready. Sign in with your email address and new password.")
        return redirect("accounts:sign-in")
    context = {"form": form, "invitation": found, "error_list": error_summary(form)}
    return render(request, "accounts/invitation.html", context)


@public
@require_http_methods(["GET", "HEAD"])
def invitation_unusable(request: HttpRequest) -> HttpResponse:
    """Say that an invitation has expired or was already used, and what to do."""
    return render(request, "accounts/invitation_unusable.html", status=410)


def _person(request: HttpRequest, user_id: int) -> User:
    person = selectors.person_by_id(user_id)
    if person is None:
        raise Http404("No such person")
    return person


@requires(Permission.MANAGE_USERS, obj=_person)
@require_http_methods(["GET", "HEAD", "POST"])
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    """One person: their roles (which can be changed) and whether the account is enabled."""
    target = _person(request, user_id)
    grantable = services.roles_a_manager_may_grant(request.user, for_user=target)
    form = RolesForm(request.POST or None, roles=grantable, initial={"roles": sorted(target.role_set())})
    if request.method == "POST" and form.is_valid():
        kept = [r for r in target.role_set() if r not in {g.value for g in grantable}]
        services.user_roles_set(
            actor=Actor.from_request(request), user=target, roles=[*kept, *form.cleaned_data["roles"]]
        )
        messages.success(request, f"Roles for {target.display_name} saved.")
        return redirect("accounts:person", user_id=target.pk)
    context = {
        "person": target,
        "form": form,
        "error_list": error_summary(form),
        "role_labels": [Role(r).label for r in sorted(target.role_set())],
    }
    return render(request, "accounts/person.html", context)


@requires(Permission.MANAGE_USERS, obj=_person)
@require_POST
def person_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Disable an account (its sessions end at once) or enable it again."""
    target = get_object_or_404(User, pk=user_id)
    if target.pk == request.user.pk:
        messages.info(request, "You cannot disable your own account.")
    else:
        services.user_set_active(
            actor=Actor.from_request(request), user=target, active=request.POST.get("active") == "yes"
        )
        messages.success(
            request, f"{target.display_name}'s account is now {'enabled' if target.is_active else 'disabled'}."
        )
    return redirect("accounts:person", user_id=target.pk)


@requires(Permission.MANAGE_USERS, obj=_person)
@require_POST
def person_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove a person's authenticator (for a lost phone): they set up a new one at next sign-in."""
    target = get_object_or_404(User, pk=user_id)
    if target.pk == request.user.pk:
        messages.info(request, "You cannot reset your own two-factor sign-in. Ask another manager.")
    else:
        removed = services.two_factor_reset(actor=Actor.from_request(request), user=target)
        messages.success(
            request,
            f"{target.display_name}'s two-factor sign-in was reset ({removed} removed). They will set up "
            "an authenticator app at their next sign-in.",
        )
    return redirect("accounts:person", user_id=target.pk)
