"""Rules from autumn 2022, when DfE's EHE and CME collection began."""

from notinschool.validation.rules.registry import inherit

RULE_SET = inherit(None, "2022-23", package=__name__)
