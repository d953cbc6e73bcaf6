"""Who may open the dashboard's pages (read by tests/test_url_access.py): members of the network
(its coordinators and users of its LAs), nobody else — not even administrators of other things."""

from tests.access_cases import REDIRECT, SIGNED_IN, only

MEMBERS = set(SIGNED_IN) - {"admin@notinschool.example", "coordinator@south-west.example"}
NETWORK = {"network": "south-east"}
PERIOD = {**NETWORK, "period": "2025-26-autumn"}

EXPECTED = {
    "benchmark:index": (NETWORK, only(MEMBERS, allowed_outcome=REDIRECT)),
    "benchmark:no-collections": (NETWORK, only(MEMBERS)),
    "benchmark:overview": (PERIOD, only(MEMBERS)),
    "benchmark:overview-download": ({**PERIOD, "fmt": "csv"}, only(MEMBERS)),
    "benchmark:measure": ({**PERIOD, "measure": "ehe_total"}, only(MEMBERS)),
    "benchmark:measure-download": ({**PERIOD, "measure": "ehe_total", "fmt": "xlsx"}, only(MEMBERS)),
    "benchmark:trend": ({**NETWORK, "measure": "cme_total"}, only(MEMBERS)),
    "benchmark:trend-download": ({**NETWORK, "measure": "cme_total", "fmt": "csv"}, only(MEMBERS)),
    "benchmark:profile": ({**PERIOD, "la": "886"}, only(MEMBERS)),
    "benchmark:profile-download": ({**PERIOD, "la": "E10000016", "fmt": "csv"}, only(MEMBERS)),
    "benchmark:map": ({**PERIOD, "measure": "ehe_total"}, only(MEMBERS)),
    "benchmark:map-download": ({**PERIOD, "measure": "ehe_total", "fmt": "svg"}, only(MEMBERS)),
    "benchmark:pack": (PERIOD, only(MEMBERS)),
    # Before a job has built it, the PDF's address leads to the pack's page.
    "benchmark:pack-pdf": (PERIOD, only(MEMBERS, allowed_outcome=REDIRECT)),
}
