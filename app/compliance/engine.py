"""The compliance engine: one pure check of an action against a rule set, and its explanation."""

from __future__ import annotations

from app.compliance.model import Action, Context, Finding, Verdict
from app.compliance.rules import RULES
from app.compliance.ruleset import RuleSet
from app.i18n import tr
from app.labels import RULE, label


def check(action: Action, context: Context, ruleset: RuleSet) -> Verdict:
    """Run every enabled rule of `ruleset` on the action; findings most severe first. Pure."""
    findings: list[Finding] = []
    for rule in ruleset.rules.values():
        if not rule.enabled:
            continue
        result = RULES[rule.id](action, context, rule)
        if isinstance(result, Finding):
            findings.append(result)
        elif result:
            findings.extend(result)
    findings.sort(key=lambda f: f.severity, reverse=True)  # stable: file order within a severity
    return Verdict(findings=tuple(findings), ruleset=ruleset.label)


def explain(verdict: Verdict, lang: str | None = None) -> list[str]:
    """Translated lines '[severity] rule — reason', the rule by its name."""
    lines = []
    for finding in verdict.findings:
        name = label(RULE, finding.rule, lang)
        severity = tr(finding.severity.name.lower().replace("_", " "), lang=lang)
        lines.append(f"[{severity}] {name} — {finding.text(lang)}")
    return lines
