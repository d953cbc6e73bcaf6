"""From autumn 2025: the regional s19 health part. New EHE and CME reason categories need no
new rule: the sum rules read the categories from the spec."""

from notinschool.validation.rules.registry import inherit
from notinschool.validation.rules.y2024_25 import RULE_SET as PREVIOUS

RULE_SET = inherit(PREVIOUS, "2025-26", package=__name__)
