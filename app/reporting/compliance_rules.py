"""The compliance report's flags counted by rule, each rule said as the version that judged its
flags said it — with the office's own parameters, as the Rules page says them — and a row for
each wording when versions said it otherwise (found by QA: a period judged under CN, then US,
read the US rule's words for the CN flags, and a cap of 3 changed to 2 still read "3")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.ruleset import RuleSet, RuleSetError
from app.compliance.versions import parse_version
from app.models import RuleSetVersion
from app.queries.rules import described
from app.reporting.period import version_label


@dataclass(frozen=True)
class RuleCount:
    rule: str
    text: str  # what the rule says, in the report's language ("" when no longer in the set)
    blocked: int
    warnings: int
    overrides: int
    # The versions whose words `text` is, when the versions that judged the rule's flags said it
    # otherwise (a row for each wording); "" when they all said it alike.
    versions: str = ""


def version_labels(session: Session) -> dict[int | None, str]:
    """Every stored version's id → its label ("CN 2026.1"): a handful of rows."""
    r = RuleSetVersion
    rows = session.execute(select(r.id, r.jurisdiction, r.version))
    return {version_id: version_label(j, v) for version_id, j, v in rows}


def _rulesets(session: Session, labels: set[str]) -> dict[str, RuleSet]:
    """The versions named by `labels`, parsed (one that no longer parses is left out)."""
    found: dict[str, RuleSet] = {}
    r = RuleSetVersion
    for row in session.scalars(select(r).order_by(r.id)):  # in the order they were stored
        if row.label in labels:
            try:
                found[row.label] = parse_version(row)
            except RuleSetError:
                continue
    return found


def rule_counts(
    session: Session,
    per_rule: dict[tuple[str, str], Counter[str]],
    fallback: RuleSet,
    lang: str,
) -> list[RuleCount]:
    """The flags by (rule, version label) as rows: the rule most flagged first, each rule's
    wordings in the order of the versions; a flag whose version is unknown is said by
    `fallback` (the version in force at the period's end)."""
    rulesets = _rulesets(session, {label for _rule, label in per_rule})

    def text(rule_id: str, label: str) -> str:
        ruleset = rulesets.get(label, fallback)
        rule = ruleset.rule(rule_id)
        return described(ruleset, rule, lang) if rule else ""

    by_rule: dict[str, dict[str, tuple[Counter[str], list[str]]]] = {}
    order = {label: n for n, label in enumerate(rulesets)}
    for (rule_id, label), counts in sorted(
        per_rule.items(), key=lambda item: (item[0][0], order.get(item[0][1], -1))
    ):
        wordings = by_rule.setdefault(rule_id, {})
        total, labels = wordings.setdefault(text(rule_id, label), (Counter(), []))
        total.update(counts)
        if label:
            labels.append(label)
    rows: list[RuleCount] = []
    ranked = sorted(
        by_rule.items(),
        key=lambda item: (-sum(c.total() for c, _labels in item[1].values()), item[0]),
    )
    for rule_id, wordings in ranked:
        several = len(wordings) > 1
        for words, (c, labels) in wordings.items():
            named = ", ".join(labels) if several else ""
            rows.append(
                RuleCount(rule_id, words, c["blocked"], c["warning"], c["needs_override"], named)
            )
    return rows
