"""The quiet-hours rule's finding on a home visit (app/compliance/rules.py `quiet_hours`): a visit
in quiet hours is refused with the way to record the borrower's agreement to its time, where the
rule set lets that agreement lift the rule, or allowed with one recorded (app/visits/
quiet_consent.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.compliance.model import Action, Finding, Severity
from app.compliance.ruleset import Rule


def _found(rule: Rule, message: str, severity: Severity | None = None, **params: Any) -> Finding:
    level = rule.severity if severity is None else severity
    return Finding(rule.id, level, message, params, rule.citation, rule.citation_zh)


# A call, SMS or letter in quiet hours where the rule set lets the borrower's consent lift the rule:
# the way to record that consent, in words the window and the command line share (the command
# line adds its command: app/cli/cmd_contact.py).
QUIET_CONTACT = (
    "{local} in the borrower's time zone ({zone}) is within {start}–{end}. If the borrower agreed "
    "to be contacted in quiet hours, a supervisor records it in the borrower's stop flags: "
    '"Agreed to contact in quiet hours".'
)
# A contact logged after the fact, in quiet hours, before the borrower's consent (on file now) was
# recorded: judged as of its time, the consent does not cover it, and there is nothing to record.
QUIET_CONSENT_LATER = (
    "{local} in the borrower's time zone ({zone}) is within {start}–{end}. The borrower's consent "
    "to contact in quiet hours was recorded only at {recorded}, after this contact's time, so it "
    "does not cover this contact."
)
# A contact with anyone but the borrower in quiet hours: the borrower's consent is theirs alone.
QUIET_NOT_BORROWER = (
    "{local} in the borrower's time zone ({zone}) is within {start}–{end}. The borrower agreed "
    "to be contacted in quiet hours, but only the borrower: not their relatives or other people."
)


# A visit in quiet hours: refused with the way to record the borrower's agreement to its time
# (where the rule set lets that agreement lift the rule), or allowed with one recorded. The way
# is the window's tick box; the command line adds its options (app/cli/cmd_visit_steps.py).
# Findings stored with the older words, which named the options in the window too, keep their
# translation (resources/i18n/zh_CN/visits_consent.json).
QUIET_VISIT = {
    # (starts in quiet hours, the rule set lets an agreement lift it) -> message
    (True, True): (
        "{local} in the borrower's time zone ({zone}) is within {start}–{end}. If the borrower "
        "agreed to this time, record who agreed, when and how with the booking or the move: "
        '"The borrower agreed to this early or late time".'
    ),
    (False, True): (
        "The visit would run into quiet hours ({start}–{end}, {zone}). If the borrower agreed "
        "to this time, record who agreed, when and how with the booking or the move: "
        '"The borrower agreed to this early or late time".'
    ),
    (True, False): (
        "{local} in the borrower's time zone ({zone}) is within {start}–{end}; in this rule set "
        "the borrower's agreement does not lift the rule."
    ),
    (False, False): (
        "The visit would run into quiet hours ({start}–{end}, {zone}); in this rule set the "
        "borrower's agreement does not lift the rule."
    ),
}


def quiet_visit(
    action: Action, rule: Rule, exempts: bool, at_start: bool, params: dict[str, Any]
) -> Finding:
    """The quiet-hours finding on a visit whose start or end falls in quiet hours."""
    if exempts and action.visit_quiet_agreed:
        return _found(
            rule,
            "Within quiet hours ({start}–{end}), allowed because the borrower agreed to this "
            "visit's time.",
            Severity.INFO,
            **params,
        )
    if not exempts and not action.visit_quiet_agreed:  # nothing to record: the words as before
        if at_start:
            return _found(
                rule, "{local} in the borrower's time zone ({zone}) is within {start}–{end}.",
                **params,
            )  # fmt: skip
        return _found(
            rule, "The visit would run into quiet hours ({start}–{end}, {zone}).", **params
        )
    return _found(rule, QUIET_VISIT[(at_start, exempts)], **params)


def agreement_would_lift(findings: Iterable[Finding]) -> bool:
    """Whether a visit's quiet-hours finding among `findings` is one the borrower's agreement to
    its time would lift (the command line then names its options)."""
    ways = {QUIET_VISIT[(True, True)], QUIET_VISIT[(False, True)]}
    return any(f.message in ways for f in findings)
