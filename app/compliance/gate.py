"""The check that guards a save, shared by contacts and visit bookings: run the rule set inside
the writing transaction, record a block, and let a needs-override verdict through only with a
supervisor and a written reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.compliance import active_ruleset, check
from app.compliance.context import build_context
from app.compliance.model import Action, Verdict
from app.models import BlockedAttempt, Case, Channel, User, VerdictKind
from app.models.base import utcnow
from app.reasons import short_reason


def judge(session: Session, case: Case, action: Action) -> tuple[Verdict, int | None]:
    """The verdict for `action` and the rule-set version that gave it."""
    ruleset, version_id = active_ruleset(session)
    return check(action, build_context(session, case, action), ruleset), version_id


def record_block(
    session: Session,
    user: User,
    case: Case,
    action: Action,
    verdict: Verdict,
    version_id: int | None,
    audit_entry: tuple[str, str, str, dict[str, Any]],
    what: str | None = None,
) -> None:
    """Nothing is saved but the block itself (for the compliance report) and its audit entry;
    `what` names an action that is not a contact ("visit_book", "visit_reschedule"); a visit's
    block keeps the slot it asked for."""
    visit = action.channel is Channel.VISIT
    session.add(
        BlockedAttempt(
            case_id=case.id,
            agent_id=user.id,
            channel=action.channel,
            party=action.party,
            action=what,
            # A visit's booking was attempted now, for a later time (in its findings).
            at=utcnow() if visit else action.at,
            slot_start=action.at if visit else None,
            slot_end=action.visit_end if visit else None,
            findings=[f.as_json() for f in verdict.findings],
            ruleset_version_id=version_id,
        )
    )
    event, entity, key, details = audit_entry
    audit.record(session, user, event, entity, key, {**details, "rules": verdict.rules})


def may_save(verdict: Verdict, override_by: User | None, override_reason: str | None) -> bool:
    """Whether an action that was not blocked may be saved: a needs-override verdict needs a
    supervisor (who must hold the right to override) and a written reason; a reason too short
    to say anything (app/reasons.py) is refused, not taken."""
    if verdict.kind is not VerdictKind.NEEDS_OVERRIDE:
        return True
    if override_by is None or not (override_reason or "").strip():
        return False
    require(override_by, Permission.OVERRIDE_RULES)
    refusal = short_reason(override_reason)
    if refusal is not None:
        raise refusal
    return True
