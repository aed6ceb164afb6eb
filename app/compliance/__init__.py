"""Compliance: rule sets as data, the pure rule engine, and the rule-set versions in force."""

from app.compliance.engine import check, explain
from app.compliance.model import Action, Context, Finding, History, Severity, Verdict
from app.compliance.ruleset import (
    Rule,
    RuleSet,
    RuleSetError,
    active_ruleset,
    change_parameters,
    parse_ruleset,
    select_jurisdiction,
    shipped_ruleset,
    validate_shipped,
)
from app.compliance.versions import startup_check

__all__ = [
    "Action",
    "Context",
    "Finding",
    "History",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "Severity",
    "Verdict",
    "active_ruleset",
    "change_parameters",
    "check",
    "explain",
    "parse_ruleset",
    "select_jurisdiction",
    "shipped_ruleset",
    "startup_check",
    "validate_shipped",
]
