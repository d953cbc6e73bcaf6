"""From autumn 2024: the regional EHE returns and SAO pipeline parts.

Deleted: EHE-REASON-COVID, a check for the years just after the pandemic.
"""

from notinschool.validation.rules.registry import inherit
from notinschool.validation.rules.y2023_24 import RULE_SET as PREVIOUS

RULE_SET = inherit(PREVIOUS, "2024-25", package=__name__, deleted=["EHE-REASON-COVID"])
