"""What every register view shares: the permission, no caching, the LA and its row-level
scope, finding a child, and the one shape of a form page (form → service → refusal)."""

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.core.forms import error_summary
from notinschool.register import presenters, selectors
from notinschool.register.audit import audit_not_found
from notinschool.register.models import Child
from notinschool.register.services import ConcurrentEdit
from notinschool.register.tenancy import ChildNotFound, scoped_view


def users_la(request: HttpRequest, **kwargs):
    """The register a user works in is always their own LA's: no URL names an LA."""
    return request.user.local_authority if request.user.local_authority_id else None


def register_view(permission: Permission):
    """Require `permission` on the user's own LA, run the view inside that LA's row-level
    scope, and never let the page be cached."""

    def decorator(view):
        guarded = requires(permission, obj=users_la)(scoped_view(view))
        return never_cache(guarded)

    return decorator


viewer = register_view(Permission.VIEW_REGISTER)
editor = register_view(Permission.EDIT_REGISTER)


def actor(request: HttpRequest) -> Actor:
    """Who is acting, for the services and the audit log."""
    return Actor.from_request(request)


def child_or_404(request: HttpRequest, child_id: str, load=selectors.child_for) -> Child:
    """The child in the user's LA (read by `load`, so a page that needs the whole record reads
    it once), or a 404, audited under the user's LA and, when the id is another LA's child,
    under that LA too: it may be someone trying ids."""
    la = request.user.local_authority
    child = load(la, child_id)
    if child is None:
        who = actor(request)

        def record() -> None:
            owner = selectors.child_owner(child_id)
            audit_not_found(actor=who, la=la, child_id=child_id, path=request.path, owner=owner)

        raise ChildNotFound(child_id=child_id, path=request.path, record=record)
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


def back_to_child(child: Child) -> str:
    from django.urls import reverse

    return reverse("register:child", kwargs={"child_id": child.pk})


def form_view(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict], object],
    done: str | Callable[[object], str],
    title: str,
    child: Child | None = None,
    redirect_to: str | Callable[[object], str] = "",
    saved_form: Callable[..., forms.BaseForm] | None = None,
    **page,
) -> HttpResponse:
    """The one shape of a register form: on a valid POST call `save(cleaned_data)`; when it
    works, say `done` and go to `redirect_to` (the child's record by default); when the
    service refuses (a `ServiceError`), show its message with what was typed kept.

    A refused save because someone else changed the record (`ConcurrentEdit`) shows what the
    person typed beside what is now saved, with the form still holding what they typed (now
    based on the saved version), so they can look, change and save again without retyping.
    `saved_form(data=None)` builds the form on the record as now saved; warnings a service returns (a list of
    strings in `result.warnings`) are shown after the save."""
    problems: list[dict] = []
    differences: list[dict] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = save(dict(form.cleaned_data))
        except ConcurrentEdit as exc:
            problems = [{"text": exc.message, "href": "#differences"}]
            if saved_form is not None:
                form, differences = _typed_beside_saved(form, saved_form)
        except ServiceError as exc:
            problems = [{"text": exc.message, "href": "#main-content"}]
        else:
            messages.success(request, done(result) if callable(done) else done)
            for warning in getattr(result, "warnings", None) or []:
                messages.warning(request, warning)
            target = redirect_to(result) if callable(redirect_to) else redirect_to
            return redirect(target or back_to_child(child))
    if child is not None:
        page.setdefault("caption", child.full_name)
        page.setdefault("back_url", back_to_child(child))
    return form_page(request, form, title=title, extra_errors=problems, differences=differences, **page)


def _typed_beside_saved(typed: forms.BaseForm, saved_form: Callable[..., forms.BaseForm]):
    """The typed form rebased on the saved version, and the fields where the two differ."""
    saved = saved_form()
    data = typed.data.copy()
    version = saved["version"].value() if "version" in saved.fields else None
    data[typed.add_prefix("version")] = "" if version is None else str(version)
    rebased = saved_form(data)
    rebased.is_valid()
    differences = []
    for name, field in typed.fields.items():
        if name == "version" or isinstance(field.widget, forms.HiddenInput) or name not in saved.fields:
            continue
        mine, theirs = _shown(field, typed.cleaned_data.get(name)), _shown(field, saved[name].value())
        if mine != theirs:
            differences.append({"label": str(field.label or name), "typed": mine, "saved": theirs})
    return rebased, differences


def _shown(field: forms.Field, value) -> str:
    """A value as a person reads it: choices by their label, dates as 6 October 2025."""
    from notinschool.core.presenters import long_date

    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return long_date(value)
    for code, label in getattr(field, "choices", ()) or ():
        if str(code) == str(value):
            return str(label)
    return str(value)
