"""Episodes and events on a child's record: notifications, consent, closing, reclassifying,
providers, the SAO process and contacts. Each is one `form_view`: form → service → refusal."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from notinschool.core.presenters import in_sentence
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
from notinschool.register.views.common import actor, child_or_404, editor, form_view


def _episode_or_404(child, episode_id: int) -> Episode:
    episode = child.episodes.filter(pk=episode_id).first()
    if episode is None:
        raise Http404("No such episode")
    return episode


def _la(request):
    return request.user.local_authority


@editor
@require_http_methods(["GET", "POST"])
def notification(request: HttpRequest, child_id: str) -> HttpResponse:
    """A school's notice that the child is being removed from its roll to be home educated."""
    child = child_or_404(request, child_id)

    def done(episode) -> str:
        message = "School's notification recorded: home education episode opened."
        if episode.consent == Episode.Consent.PENDING:
            message += " The LA's consent is needed before the child can be home educated (s434A)."
        return message

    return form_view(
        request, NotificationForm(request.POST or None), child=child, done=done,
        title="Record a school's notification of removal",
        save=lambda data: services.school_notification_record(la=_la(request), child=child, actor=actor(request),
                                                              **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def episode_add(request: HttpRequest, child_id: str, kind: str) -> HttpResponse:
    """Open an episode of one kind."""
    child = child_or_404(request, child_id)
    if kind not in Episode.Kind.values:
        raise Http404("No such kind of episode")

    def save(data):
        values = {k: v for k, v in data.items() if k != "version" and v is not None}
        return services.episode_create(la=_la(request), child=child, actor=actor(request), kind=kind, **values)

    return form_view(
        request, EpisodeForm(request.POST or None, kind=kind), child=child, save=save,
        done=f"{Episode.Kind(kind).label} episode opened.",
        title=f"Open an episode: {in_sentence(Episode.Kind(kind).label)}",
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Change an episode; a save based on an out-of-date copy is refused, showing what was typed
    beside what is saved."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)

    def save(data):
        values = {k: v for k, v in data.items() if k != "version"}
        return services.episode_update(
            la=_la(request), child=child, episode=episode, expected_version=data.get("version") or 0,
            actor=actor(request), **values,
        )  # fmt: skip

    def saved_form(data=None):
        return EpisodeForm(data, instance=child.episodes.get(pk=episode.pk), kind=episode.kind)

    return form_view(
        request, EpisodeForm(request.POST or None, instance=episode, kind=episode.kind), child=child, save=save,
        done="Episode saved.", title=f"Change the {in_sentence(episode.get_kind_display())} episode",
        saved_form=saved_form,
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """End an episode with its outcome."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    return form_view(
        request, CloseForm(request.POST or None), child=child, done="Episode closed.",
        title=f"Close the {in_sentence(episode.get_kind_display())} episode",
        save=lambda data: services.episode_close(la=_la(request), child=child, episode=episode, actor=actor(request),
                                                 **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Record the LA's s434A decision on consent to home educate."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    return form_view(
        request, ConsentForm(request.POST or None), child=child, done="Consent decision recorded.",
        title="Consent to home educate (s434A)",
        intro="A child at a special school by LA arrangement, or subject to s47 enquiries or a child protection "
        "plan, may not be withdrawn to home education without the LA's consent.",
        save=lambda data: services.consent_decide(la=_la(request), child=child, episode=episode, actor=actor(request),
                                                  **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def reclassify(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Home education found unsuitable: the child becomes missing education."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    return form_view(
        request, ReclassifyForm(request.POST or None), child=child,
        done="Home education ended as unsuitable; missing education episode opened.",
        title="Reclassify as missing education",
        intro="This ends the home education episode as unsuitable and opens a missing education episode.",
        save=lambda data: services.reclassify_as_cme(la=_la(request), child=child, episode=episode,
                                                     actor=actor(request), on=data["on"]),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def provider_add(request: HttpRequest, child_id: str, episode_id: int) -> HttpResponse:
    """Record another provider educating a home-educated child."""
    child = child_or_404(request, child_id)
    episode = _episode_or_404(child, episode_id)
    return form_view(
        request, ProviderForm(request.POST or None), child=child, done="Provider added.", title="Add a provider",
        save=lambda data: services.provider_add(la=_la(request), child=child, episode=episode, actor=actor(request),
                                                **data),
    )  # fmt: skip


@editor
@require_http_methods(["GET", "POST"])
def sao_add(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a step of the School Attendance Order process (warned, not stopped, when early)."""
    child = child_or_404(request, child_id)
    return form_view(
        request, SAOEventForm(request.POST or None), child=child, done="SAO step recorded.",
        title="Record a School Attendance Order step",
        save=lambda data: services.sao_event_record(la=_la(request), child=child, actor=actor(request), **data),
    )  # fmt: skip


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
    return form_view(
        request, ContactForm(request.POST or None, instance=contact), child=child, done="Contact saved.",
        title="Record a visit or contact" if contact else "Schedule or record a visit or contact",
        save=lambda data: services.contact_record(la=_la(request), child=child, actor=actor(request), contact=contact,
                                                  **data),
    )  # fmt: skip
