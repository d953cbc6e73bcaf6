"""From autumn 2023: CME by length of time missing and by reason."""

from notinschool.validation.rules.registry import inherit
from notinschool.validation.rules.y2022_23 import RULE_SET as PREVIOUS

RULE_SET = inherit(PREVIOUS, "2023-24", package=__name__)
