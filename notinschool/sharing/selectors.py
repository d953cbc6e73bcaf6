"""Reads for sharing."""

from django.db.models import QuerySet

from notinschool.places.models import LocalAuthority, Network
from notinschool.sharing.models import Audience, Consent, Extract, Paper, ShareLink, Survey, SurveyResponse, Vignette


def consented_la_codes(*, network: Network, recipient: str) -> set[str]:
    """Old codes of the network's LAs whose approver has granted permission for ``recipient``."""
    return set(
        Consent.objects.filter(
            network=network,
            recipient=recipient,
            status=Consent.Status.GRANTED,
            local_authority__in=network.local_authorities.all(),
        ).values_list("local_authority__old_code", flat=True)
    )


def consents_for_network(network: Network) -> QuerySet[Consent]:
    """Every consent the network has asked for, by LA."""
    return Consent.objects.filter(network=network).select_related("local_authority", "requested_by", "decided_by")


def consents_for_la(la: LocalAuthority) -> QuerySet[Consent]:
    """Every request made of one LA, open ones first."""
    return (
        Consent.objects.filter(local_authority=la)
        .select_related("network", "requested_by", "decided_by")
        .order_by("status", "-requested_at")
    )


def extracts_for_network(network: Network) -> QuerySet[Extract]:
    """The network's extracts, newest first (without their bytes)."""
    return Extract.objects.filter(network=network).defer("csv_bytes").select_related("created_by")


def published_vignettes(network: Network, *, period: str | None = None) -> list[Vignette]:
    """Approved vignettes of the network (for one period when given). Never unapproved ones."""
    found = Vignette.objects.filter(network=network, status=Vignette.Status.APPROVED).select_related("local_authority")
    return [v for v in found if period is None or period in v.periods]


def surveys_for_network(network: Network) -> QuerySet[Survey]:
    """The network's surveys, newest year first."""
    return Survey.objects.filter(network=network).prefetch_related("questions")


def papers_for(user, network: Network) -> list[Paper]:
    """The network's papers this user may see (their audience decides)."""
    from notinschool.sharing.audience import may_read_paper

    return [p for p in Paper.objects.filter(network=network) if may_read_paper(user, p)]


def consent_by_id(pk: int) -> Consent | None:
    """One consent request with its LA, or None."""
    return Consent.objects.filter(pk=pk).select_related("local_authority").first()


def public_papers(network: Network) -> QuerySet[Paper]:
    """The network's papers meant for everyone (the public page lists them)."""
    return Paper.objects.filter(network=network, audience=Audience.PUBLIC)


def share_link_by_token(token: str) -> ShareLink | None:
    """The share link a token opens (tokens are stored hashed), or None."""
    from notinschool.sharing.services.extracts import token_hash

    return ShareLink.objects.filter(token_hash=token_hash(token)).select_related("extract").first()


def survey_response_of(survey: Survey, la: LocalAuthority | None) -> SurveyResponse | None:
    """The LA's answers to a survey, or None (also when there is no LA)."""
    if la is None:
        return None
    return SurveyResponse.objects.filter(survey=survey, local_authority=la).first()


def vignettes_in_progress(network: Network, la: LocalAuthority) -> QuerySet[Vignette]:
    """The LA's own vignettes that are not published yet (drafts, submitted, sent back)."""
    return Vignette.objects.filter(network=network, local_authority=la).exclude(status=Vignette.Status.APPROVED)


def vignettes_waiting(network: Network) -> QuerySet[Vignette]:
    """Vignettes submitted to the network's coordinator for review."""
    return Vignette.objects.filter(network=network, status=Vignette.Status.SUBMITTED)
