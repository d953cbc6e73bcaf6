"""What every register view shares: the permission, no caching, the LA, finding a child."""

import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.forms import error_summary
from notinschool.register import presenters, selectors
from notinschool.register.audit import audit_not_found
from notinschool.register.models import Child


def users_la(request: HttpRequest, **kwargs):
    """The register a user works in is always their own LA's: no URL names an LA."""
    return request.user.local_authority if request.user.local_authority_id else None


def register_view(permission: Permission):
    """Require `permission` on the user's own LA, and never let the page be cached."""

    def decorator(view):
        guarded = requires(permission, obj=users_la)(view)
        return never_cache(guarded)

    return decorator


viewer = register_view(Permission.VIEW_REGISTER)
editor = register_view(Permission.EDIT_REGISTER)


def child_or_404(request: HttpRequest, child_id: str) -> Child:
    """The child in the user's LA, or a 404 (audited: it may be someone trying ids)."""
    la = request.user.local_authority
    child = selectors.child_for(la, child_id)
    if child is None:
        audit_not_found(request=request, la=la, child_id=child_id)
        raise Http404("No such child")
    return child


def today() -> datetime.date:
    return datetime.date.today()


def form_page(request, form, *, title: str, back_url: str = "", caption: str = "", **extra):
    """Render the shared form page; 200 whether or not the form failed."""
    context = {
        "form": form,
        "components": presenters.form_components(form),
        "page_title": title,
        "back_url": back_url,
        "caption": caption,
        "error_list": error_summary(form) + extra.pop("extra_errors", []),
        **extra,
    }
    return render(request, "register/form_page.html", context)
