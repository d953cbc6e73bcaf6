"""2026-27: no confirmed change; the 2025-26 rules carry on."""

from notinschool.validation.rules.registry import inherit
from notinschool.validation.rules.y2025_26 import RULE_SET as PREVIOUS

RULE_SET = inherit(PREVIOUS, "2026-27", package=__name__)
