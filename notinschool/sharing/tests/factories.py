"""Building blocks for sharing tests: approved returns, consents, and the objects URLs need."""

import datetime

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code
from notinschool.returns import services as returns
from notinschool.returns.services.status import unexplained_queries
from notinschool.sharing import recipients
from notinschool.sharing.models import Consent
from notinschool.sharing.services import consent as consent_services

EXPLAINED = "A data cleanse at the LA moved children between categories this term."

PERIOD = "2025-26-autumn"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def south_east() -> Network:
    return Network.objects.get(slug="south-east")


def coordinator() -> User:
    return User.objects.get(email="coordinator@south-east.example")


def approve_returns(figures_by_la: dict[str, dict], period: str = PERIOD) -> None:
    """Open the South East collection and approve each LA's return with the figures given."""
    network = south_east()
    if not network.collections.filter(period=period).exists():
        returns.collection_open(
            network=network, period=period, census_date=datetime.date(2025, 10, 2), due_date=datetime.date(2025, 10, 31)
        )
    for code, figures in figures_by_la.items():
        outcome = returns.version_create_from_figures(la=la_by_code(code), period=period, figures=figures)
        assert not outcome.version.has_errors, outcome.version.report
        for issue in unexplained_queries(outcome.version):
            returns.query_explain(
                version=outcome.version, rule_code=issue["rule"], where=issue.get("where") or "", text=EXPLAINED
            )
        record = outcome.version.return_record
        returns.return_submit(record=record)
        returns.return_approve(record=record)


def grant(codes, recipient: str = recipients.DFE, *, granted: bool = True) -> None:
    """Ask and answer permission for the LAs with these codes."""
    network = south_east()
    las = [la_by_code(code) for code in codes]
    consent_services.consent_request(
        network=network, local_authorities=las, recipient=recipient, purpose="Tests", actor=Actor.system()
    )
    for consent in Consent.objects.filter(network=network, recipient=recipient, local_authority__in=las):
        consent_services.consent_decide(consent=consent, granted=granted, actor=Actor.system())
