"""The demo's sharing: permissions, a consented extract for DfE, a public dashboard with
suppressed cells, a share link, a published vignette, a completed staffing survey and a paper.

Loaded after the returns demo (seven South East terms, most LAs approved)."""

import datetime
import random

from django.utils import timezone

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.places.models import Network
from notinschool.sharing import recipients
from notinschool.sharing.models import Audience, Consent, Extract, Survey
from notinschool.sharing.services import consent as consent_services
from notinschool.sharing.services import extracts, papers, surveys, vignettes
from notinschool.sharing.services.public_page import public_page

PERIOD = "2025-26-summer"
REFUSED_DFE = {"871"}  # Slough said no to DfE, so the extract leaves it out
UNDECIDED = {"886"}  # Kent's approver has requests to answer in the demo
LATER_LAS = ["845", "826", "870"]  # East Sussex, Milton Keynes, Reading
STAFF_QUESTIONS = [
    {
        "code": "cme_fte",
        "text": "CME officers (FTE)",
        "kind": "number",
        "hint": "Full-time equivalent; decimals allowed",
    },
    {
        "code": "ehe_fte",
        "text": "EHE advisers (FTE)",
        "kind": "number",
        "hint": "Full-time equivalent; decimals allowed",
    },
    {"code": "s19_fte", "text": "Health needs (s19) staff (FTE)", "kind": "number", "hint": "Full-time equivalent"},
    {
        "code": "managed_by",
        "text": "Who manages the team?",
        "kind": "choice",
        "choices": ["Inclusion", "SEND", "Early help", "Other"],
    },
]
VIGNETTE = (
    "Back to school after a year at home",
    "A Year 8 pupil was withdrawn to home education after months of anxiety about attending.\n"
    "The EHE adviser visited twice in the autumn term and found the family struggling to provide a full-time "
    "education. With the school's inclusion lead, the team agreed a part-time timetable and a mentor.\n"
    "By the spring term the pupil was back on roll full time. "
    "The family said the visits felt like support, not checks.",
)
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _staffing_answers(rng: random.Random) -> dict:
    return {
        "cme_fte": str(round(rng.uniform(0.5, 6), 1)),
        "ehe_fte": str(round(rng.uniform(1, 9), 1)),
        "s19_fte": str(round(rng.uniform(0, 4), 1)),
        "managed_by": rng.choice(["Inclusion", "SEND", "Early help", "Other"]),
    }


def load() -> list[str]:
    """Create the sharing demo once; return lines for the console."""
    network = Network.objects.get(slug="south-east")
    if Extract.objects.filter(network=network).exists():
        return ["Sharing: demo already loaded."]
    coordinator = User.objects.get(email="coordinator@south-east.example")
    as_coordinator = Actor.of(coordinator, via="command")
    las = list(network.local_authorities.order_by("old_code"))
    for recipient in (recipients.DFE, recipients.PUBLIC):
        purpose = {
            recipients.DFE: "DfE asked for the region's EHE and CME figures for its policy work.",
            recipients.PUBLIC: "To publish the network's headline figures on the public page.",
        }[recipient]
        consent_services.consent_request(
            network=network, local_authorities=las, recipient=recipient, purpose=purpose, actor=as_coordinator
        )
        for consent in Consent.objects.filter(network=network, recipient=recipient):
            code = consent.local_authority.old_code
            if code in UNDECIDED:
                continue
            approver = consent_services.approvers_of(consent.local_authority)
            refused = recipient == recipients.DFE and code in REFUSED_DFE
            decider = Actor.of(approver[0], via="command") if approver else Actor.system()
            consent_services.consent_decide(consent=consent, granted=not refused, actor=decider)
    actor = Actor.of(coordinator, via="command")
    public_page(network=network, period=PERIOD, actor=Actor.system())  # as first shown, the first release
    extract = extracts.extract_create(
        network=network,
        recipient=recipients.DFE,
        title="South East EHE by sex and CME by length of time missing, summer 2026",
        measure_codes=["ehe_by_sex", "cme_by_duration"],
        periods=[PERIOD],
        actor=actor,
    )
    extracts.extract_download_record(extract=extract, file_format="csv", actor=actor)
    extracts.share_link_create(
        extract=extract,
        shared_with="South West CME and EHE network leads",
        audience=f"{recipients.NETWORK_PREFIX}south-west",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=actor,
    )
    # The same figures for three LAs DfE asked about: checked against the first extract, figures
    # hidden there stay hidden here, and the extract's page says so.
    later = extracts.extract_create(
        network=network,
        recipient=recipients.DFE,
        title="East Sussex, Milton Keynes and Reading: EHE by sex and CME by length of time missing, summer 2026",
        measure_codes=["ehe_by_sex", "cme_by_duration"],
        periods=[PERIOD],
        la_codes=LATER_LAS,
        actor=actor,
    )
    kent_writer = User.objects.get(email="contributor@surrey.example")
    story = vignettes.vignette_save(
        network=network, author=kent_writer, actor=Actor.of(kent_writer), title=VIGNETTE[0], body=VIGNETTE[1],
        measures=["ehe_returns_to_school"], periods=[PERIOD], confirmed=False,
    )  # fmt: skip
    vignettes.vignette_review(vignette=story, approve=True, actor=as_coordinator)
    rng = random.Random("demo-staffing")  # noqa: S311 - demo answers, not secrets
    caveats = "LAs count staffing differently (some include managers and admin support); compare with care."
    last_year = surveys.survey_create(
        network=network, title="CME, EHE and s19 staffing snapshot", year="2024-25", caveats=caveats,
        introduction="Staff in post on 1 October, in full-time equivalents.", questions=STAFF_QUESTIONS,
        actor=as_coordinator,
    )  # fmt: skip
    this_year = None
    for survey in (last_year, None):
        survey = survey or surveys.survey_copy(survey=last_year, year="2025-26", actor=as_coordinator)
        this_year = survey
        surveys.survey_set_status(survey=survey, status=Survey.Status.OPEN, actor=as_coordinator)
        for la in las:
            if la.old_code not in {"921"}:
                surveys.response_save(
                    survey=survey, local_authority=la, answers=_staffing_answers(rng), actor=Actor.system()
                )
        surveys.survey_set_status(survey=survey, status=Survey.Status.CLOSED, actor=as_coordinator)
    poll = surveys.survey_create(
        network=network, title="Straw poll: Fair Access", year="2025-26",
        questions=[{"code": "fair_access_up", "kind": "yes_no",
                    "text": "Has the number of Fair Access cases risen this year?"}],
        actor=as_coordinator,
    )  # fmt: skip
    surveys.survey_set_status(survey=poll, status=Survey.Status.OPEN, actor=as_coordinator)
    for la in las[:8]:
        surveys.response_save(
            survey=poll,
            local_authority=la,
            answers={"fair_access_up": rng.choice(["yes", "no", "dont_know"])},
            actor=Actor.system(),
        )
    papers.paper_upload(
        network=network, title="Staffing paper 2025-26 (internal reference only)", data=MINIMAL_PDF,
        filename="staffing-paper.pdf", audience=Audience.LIMITED, limited_to_roles=["la_approver"],
        actor=as_coordinator,
    )  # fmt: skip
    return [
        f"Sharing: two extracts for DfE ({len(extract.included_las)} LAs consented; Slough refused; "
        f"the second hides {len(later.releases.get().notes)} figures because of the first), "
        f"the public page /sharing/public/south-east/{PERIOD}/, a published vignette, "
        f"the staffing survey {this_year.year} (compared with 2024-25) and a straw poll."
    ]
