"""The audit trail's Action filter: a stored code, or the part of one before its dot, matches as
a prefix ("contact" → contact.log, contact.blocked); where one stored code reads two ways, each
way is a choice of its own that selects exactly the entries read so. An `agreement.approve` by
the agreement's drafter, or by one who may not approve agreements, made it ready for signing
(app/agreements/readiness.py, as the Audit page's Action column reads it): "agreement.approve"
lists the approvals by a supervisor or admin, "agreement.ready" those that made an agreement
ready for signing. QA: one "Agreement approved" choice listed both."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, select
from sqlalchemy.orm import Session, aliased

from app.agreements.readiness import approval_made_ready_sql
from app.models import Agreement, AuditEntry, User

APPROVE = "agreement.approve"
READY = "agreement.ready"  # the choice: the approvals that made an agreement ready for signing


def _made_ready_ids() -> Select[int]:
    """The `agreement.approve` entries that made their agreement ready for signing, told as
    app.queries.audit_log.audit_rows tells them: the entry's user, their role as it is now, the
    agreement's drafter."""
    entry, approver = AuditEntry, aliased(User)
    return (
        select(entry.id)
        .outerjoin(Agreement, Agreement.agreement_no == entry.entity_id)
        .outerjoin(approver, approver.id == entry.user_id)
        .where(
            entry.action == APPROVE,
            approval_made_ready_sql(entry.user_id, Agreement.drafted_by_id, approver.role),
        )
    )


def action_matches(chosen: str) -> ColumnElement[bool]:
    """The entries the Action filter's `chosen` value selects."""
    a = AuditEntry
    if chosen == READY:
        return a.id.in_(_made_ready_ids())
    if chosen == APPROVE:
        return and_(a.action == APPROVE, a.id.not_in(_made_ready_ids()))
    return a.action.startswith(chosen, autoescape=True)


def action_choices(session: Session) -> list[str]:
    """Every action in the trail, sorted, for the filter; an approval's two readings each where
    the trail holds one (the made-ready right after the approved)."""
    actions = list(
        session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )
    if APPROVE not in actions:
        return actions
    at = actions.index(APPROVE)
    ready = session.scalar(select(exists(_made_ready_ids())))
    approved = session.scalar(select(exists(select(AuditEntry.id).where(action_matches(APPROVE)))))
    both = [code for code, held in ((APPROVE, approved), (READY, ready)) if held]
    return [*actions[:at], *both, *actions[at + 1 :]]
