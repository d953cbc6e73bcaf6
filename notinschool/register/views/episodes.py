"""Episodes and events on a child's record: notifications, consent, closing, reclassifying,
providers, the SAO process and contacts."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from notinschool.register import services
from notinschool.register.forms import (
    CloseForm,
    ConsentForm,
    ContactForm,
    EpisodeForm,
    NotificationForm,
    ProviderForm,
    ReclassifyForm,
    SAOEventForm,
)
from notinschool.register.models import Episode
from notinschool.register.views.common import child_or_404, editor, form_page


def _episode_or_404(child, episode_id: int) -> Episode:
    episode = child.episodes.filter(pk=episode_id).first()
    if episode is None:
        raise Http404("No such episode")
    return episode


def _back(child) -> str:
    return reverse("register:child", kwargs={"child_id": child.pk})


def _done(request, child, message: str):
    messages.success(request, message)
    return redirect("register:child", child_id=child.pk)


def _refused(form, exc) -> list[dict]:
    return [{"text": exc.message, "href": "#main-content"}]


@editor
@require_http_methods(["GET", "POST"])
def notification(request: HttpRequest, child_id: str) -> HttpResponse:
    """A school's notice that the child is being removed from its roll to be home educated."""
    child = child_or_404(request, child_id)
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        episode = services.school_notification_record(
            la=request.user.local_authority, child=child, by=request.user, request=request, **form.cleaned_data
        )
        message = "School's notification recorded: home education episode opened."
        if episode.consent == Episode.Consent.PENDING:
            message += " The LA's consent is needed before the child can be home educated (s434A)."
        return _done(request, child, message)
    return form_page(
        request, form, title="Record a school's notification of removal", caption=child.full_name, back_url=_back(child)
    )


@editor
@require_http_methods(["GET", "POST"])
def episode_add(request: HttpRequest, child_id: str, kind: str) -> HttpResponse:
    """Open an episode of one kind."""
    child = child_or_404(request, child_id)
    if kind not in Episode.Kind.values:
        raise Http404("No such kind of episode")
    form = EpisodeForm(request.POST or None, kind=kind)
    problems = []
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version" and v is not None}
        try:
            services.episode_create(
                la=request.user.local_authority, child=child, by=request.user, request=request, kind=kind, **values
            )
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, f"{Episode.Kind(kind).label} episode opened.")
    return form_page(
        request,
        form,
        title=f"Open an episode: {Episode.Kind(kind).label.lower()}",
        caption=child.full_name,
        back_url=_back(child),
        extra_errors=problems,
    )


@editor
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Change an episode; a save based on an out-of-date copy is refused."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    form = EpisodeForm(request.POST or None, instance=episode, kind=episode.kind)
    problems = []
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.episode_update(
                la=request.user.local_authority,
                child=child,
                episode=episode,
                expected_version=form.cleaned_data.get("version") or 0,
                by=request.user,
                request=request,
                **values,
            )
        except services.ConcurrentEdit as exc:
            problems = _refused(form, exc)
            form = EpisodeForm(instance=child.episodes.get(pk=episode.pk), kind=episode.kind)
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, "Episode saved.")
    return form_page(
        request, form, title="Change episode", caption=child.full_name, back_url=_back(child), extra_errors=problems
    )


@editor
@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """End an episode with its outcome, such as a return to school."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    form = CloseForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                la=request.user.local_authority, child=child, episode=episode, by=request.user, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, "Episode closed.")
    return form_page(
        request,
        form,
        title=f"Close the {episode.get_kind_display().lower()} episode",
        caption=child.full_name,
        back_url=_back(child),
        extra_errors=problems,
    )


@editor
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Record the LA's s434A decision on consent to home educate."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    form = ConsentForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_decide(
                la=request.user.local_authority, child=child, episode=episode, by=request.user, request=request,
                **form.cleaned_data,
            )  # fmt: skip
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, "Consent decision recorded.")
    return form_page(
        request,
        form,
        title="Consent to home educate (s434A)",
        caption=child.full_name,
        back_url=_back(child),
        intro="A child at a special school by LA arrangement, or subject to s47 enquiries or a child protection "
        "plan, may not be withdrawn to home education without the LA's consent.",
        extra_errors=problems,
    )


@editor
@require_http_methods(["GET", "POST"])
def reclassify(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Home education found unsuitable: the child becomes missing education."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    form = ReclassifyForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.reclassify_as_cme(
                la=request.user.local_authority, child=child, episode=episode, by=request.user, request=request,
                on=form.cleaned_data["on"],
            )  # fmt: skip
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, "Home education ended as unsuitable; missing education episode opened.")
    return form_page(
        request,
        form,
        title="Reclassify as missing education",
        caption=child.full_name,
        back_url=_back(child),
        intro="This ends the home education episode as unsuitable and opens a missing education episode.",
        extra_errors=problems,
    )


@editor
@require_http_methods(["GET", "POST"])
def provider_add(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Record another provider educating a home-educated child."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.provider_add(
            la=request.user.local_authority, child=child, episode=episode, by=request.user, request=request,
            **form.cleaned_data,
        )  # fmt: skip
        return _done(request, child, "Provider added.")
    return form_page(request, form, title="Add a provider", caption=child.full_name, back_url=_back(child))


@editor
@require_http_methods(["GET", "POST"])
def sao_add(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a step of the School Attendance Order process."""
    child = child_or_404(request, child_id)
    form = SAOEventForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.sao_event_record(
                la=request.user.local_authority, child=child, by=request.user, request=request, **form.cleaned_data
            )
        except services.RegisterError as exc:
            problems = _refused(form, exc)
        else:
            return _done(request, child, "SAO step recorded.")
    return form_page(
        request,
        form,
        title="Record a School Attendance Order step",
        caption=child.full_name,
        back_url=_back(child),
        extra_errors=problems,
    )


@editor
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, child_id: str, contact_id: int | None = None) -> HttpResponse:
    """Schedule a visit or other contact, or record one that happened."""
    child = child_or_404(request, child_id)
    contact = None
    if contact_id is not None:
        contact = child.contacts.filter(pk=contact_id).first()
        if contact is None:
            raise Http404("No such contact")
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_record(
            la=request.user.local_authority, child=child, by=request.user, request=request, contact=contact,
            **form.cleaned_data,
        )  # fmt: skip
        return _done(request, child, "Contact saved.")
    title = "Record a visit or contact" if contact else "Schedule or record a visit or contact"
    return form_page(request, form, title=title, caption=child.full_name, back_url=_back(child))
