"""Who may open each sharing URL (read by tests/test_url_access.py).

`prepare()` makes a Kent consent request, an extract with a share link, a Kent vignette, an
open survey and two papers (one for the network, one public)."""

from tests.access_cases import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, everyone, only, signed_in_only

NETWORK = {"network": "south-east"}
SE_COORDINATOR = {"coordinator@south-east.example"}
KENT_WRITERS = {"contributor@kent.example", "approver@kent.example", "officer@kent.example"}
SURREY_WRITERS = {"contributor@surrey.example", "approver@surrey.example", "officer@surrey.example"}
MEMBERS = KENT_WRITERS | SURREY_WRITERS | SE_COORDINATOR | {"viewer@surrey.example", "admin@notinschool.example"}
MADE: dict = {}


def prepare() -> None:
    """The objects the URLs need, with their ids (and the share link's token) kept in MADE."""
    from notinschool.core.actor import Actor
    from notinschool.places.selectors import la_by_code
    from notinschool.sharing.models import Audience, Consent
    from notinschool.sharing.services import consent, extracts, papers, surveys, vignettes
    from notinschool.sharing.tests.factories import PDF, PERIOD, coordinator, south_east

    network, by = south_east(), coordinator()
    consent.consent_request(
        network=network, local_authorities=[la_by_code("886")], recipient="dfe", purpose="Walk", actor=Actor.system()
    )
    MADE["consent"] = Consent.objects.get(local_authority__old_code="886", recipient="dfe").pk
    extract = extracts.extract_create(
        network=network,
        recipient="dfe",
        title="Walk",
        measure_codes=["ehe_total"],
        periods=[PERIOD],
        actor=Actor.of(by),
    )
    MADE["extract"] = extract.pk
    import datetime

    from django.utils import timezone

    link, MADE["token"] = extracts.share_link_create(
        extract=extract,
        shared_with="Walk",
        audience="dfe",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
        actor=Actor.of(by),
    )
    MADE["link"] = link.pk
    from notinschool.accounts.models import User

    writer = User.objects.get(email="contributor@kent.example")
    MADE["vignette"] = vignettes.vignette_save(
        network=network,
        author=writer,
        actor=Actor.of(writer),
        title="Walk",
        body="A story.",
        measures=[],
        periods=[],
        confirmed=False,
    ).pk
    survey = surveys.survey_create(
        network=network,
        title="Walk",
        year="2025-26",
        questions=[{"code": "q1", "text": "FTE", "kind": "number"}],
        actor=Actor.system(),
    )
    surveys.survey_set_status(survey=survey, status="open", actor=Actor.system())
    MADE["survey"] = survey.pk
    for audience in (Audience.NETWORK, Audience.PUBLIC):
        MADE[f"paper-{audience}"] = papers.paper_upload(
            network=network, title="Walk", data=PDF, filename="walk.pdf", audience=audience, actor=Actor.of(by)
        ).pk


def _with(**names):
    """kwargs read after prepare() has run: {kwarg: key in MADE} plus the network."""
    return lambda: {**NETWORK, **{kwarg: MADE[key] for kwarg, key in names.items()}}


def writers(*, others: str = FORBIDDEN) -> dict[str, str]:
    """Kent's LA users may; Surrey's get `others`; everyone else signed in is refused."""
    outcomes = only(KENT_WRITERS | SURREY_WRITERS)
    return {**outcomes, **dict.fromkeys(SURREY_WRITERS, others)} if others != OK else outcomes


EXPECTED = {
    "sharing:extracts": ({}, signed_in_only()),
    "sharing:consents": ({}, only({"approver@kent.example", "approver@surrey.example"})),
    "sharing:consent-decide": (
        lambda: {"pk": MADE["consent"]},
        only({"approver@kent.example"}, allowed_outcome=NOT_ALLOWED),
    ),
    "sharing:network-extracts": (NETWORK, only(SE_COORDINATOR)),
    "sharing:extract-new": (NETWORK, only(SE_COORDINATOR)),
    "sharing:extract": (_with(pk="extract"), only(SE_COORDINATOR)),
    "sharing:extract-download": (
        lambda: {**NETWORK, "pk": MADE["extract"], "file_format": "csv"},
        only(SE_COORDINATOR),
    ),
    "sharing:share-revoke": (_with(pk="link"), only(SE_COORDINATOR, allowed_outcome=NOT_ALLOWED)),
    "sharing:consent-request": (NETWORK, only(SE_COORDINATOR)),
    "sharing:public-dashboard": ({**NETWORK, "period": "2025-26-autumn"}, everyone(OK)),
    "sharing:public-paper": (_with(pk="paper-public"), everyone(OK)),
    "sharing:shared": (lambda: {"token": MADE["token"]}, everyone(OK)),
    "sharing:shared-download": (lambda: {"token": MADE["token"]}, everyone(OK)),
    "sharing:vignettes": (NETWORK, only(MEMBERS)),
    "sharing:vignette-new": (NETWORK, writers(others=OK)),
    "sharing:vignette-edit": (_with(pk="vignette"), writers(others=NOT_FOUND)),
    "sharing:vignette-review": (_with(pk="vignette"), only(SE_COORDINATOR)),
    "sharing:stories": ({**NETWORK, "period": "2025-26-autumn"}, only(MEMBERS)),
    "sharing:surveys": (NETWORK, only(MEMBERS)),
    "sharing:survey-new": (NETWORK, only(SE_COORDINATOR)),
    "sharing:survey": (_with(pk="survey"), only(MEMBERS)),
    "sharing:survey-answer": (_with(pk="survey"), writers(others=OK)),
    "sharing:survey-status": (_with(pk="survey"), only(SE_COORDINATOR, allowed_outcome=NOT_ALLOWED)),
    "sharing:papers": (NETWORK, only(MEMBERS)),
    "sharing:paper-download": (_with(pk="paper-network"), only(MEMBERS)),
}
