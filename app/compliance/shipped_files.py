"""The rule set files Casedesk ships (resources/rulesets/<jurisdiction>.toml): their text, parsed
once per process, and what a stored version takes from them (the Chinese citations). A shipped
file with a mistake (an admin's hand edit) never stops the office's stored version: it is said,
with its line, and the stored version goes on alone."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from app.compliance.ruleset import SHIPPED, RuleSet, RuleSetError, _line_of, parse_ruleset
from app.compliance.said import say_once
from app.errors import ValidationError
from app.i18n import tr


def shipped_broken(error: RuleSetError, lang: str | None = None) -> str:
    """What is said of a shipped file that cannot be read: its line and problem, and that the
    office's stored rule set is not touched by it."""
    return tr(
        "{error} The rule set stored for the office stays in force; reinstall Casedesk (or undo "
        "the edit of the file) to use this file again.",
        lang,
        error=error.translated(lang),
    )


def with_shipped_citations(ruleset: RuleSet) -> RuleSet:
    """A stored rule set with the shipped Chinese citation of each rule that has none and cites
    what the shipped rule cites (a set stored before the files gave Chinese citations); its own
    citations alone when the shipped file cannot be read (said once)."""
    if ruleset.jurisdiction not in SHIPPED:
        return ruleset
    try:
        shipped = shipped_ruleset(ruleset.jurisdiction).rules
    except RuleSetError as exc:  # a nicety only: the stored version stays in force (found by QA)
        say_once(shipped_broken(exc))
        return ruleset
    rules = {
        rule_id: replace(rule, citation_zh=shipped[rule_id].citation_zh)
        if not rule.citation_zh
        and rule_id in shipped
        and shipped[rule_id].citation == rule.citation
        and shipped[rule_id].citation_zh
        else rule
        for rule_id, rule in ruleset.rules.items()
    }
    return replace(ruleset, rules=rules) if rules != ruleset.rules else ruleset


def shipped_folder() -> Traversable:
    """The folder of the shipped rule set files (a test puts a copy with a mistake in its place)."""
    return resources.files("resources.rulesets")


def shipped_text(jurisdiction: str) -> str:
    """The TOML text of the rule set shipped for a jurisdiction."""
    if jurisdiction not in SHIPPED:
        raise ValidationError("Unknown rule set {name}; choose cn, us or uk.", name=jurisdiction)
    return shipped_folder().joinpath(f"{jurisdiction}.toml").read_text("utf-8")


@cache
def shipped_ruleset(jurisdiction: str) -> RuleSet:
    """The shipped rule set of a jurisdiction, parsed and validated (once per process)."""
    ruleset = parse_ruleset(shipped_text(jurisdiction), f"{jurisdiction}.toml")
    if ruleset.jurisdiction != jurisdiction:
        raise RuleSetError(
            f"{jurisdiction}.toml",
            "{key}: unknown jurisdiction {value}; use cn, us or uk.",
            _line_of(shipped_text(jurisdiction), None, "jurisdiction"),
            key="jurisdiction",
            value=ruleset.jurisdiction,
        )
    return ruleset


def validate_shipped() -> list[RuleSet]:
    """Parse every shipped rule set (at start): a broken file raises RuleSetError."""
    return [shipped_ruleset(j) for j in SHIPPED]
