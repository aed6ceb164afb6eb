"""Who held a case at a past moment, from the assignment history: the by-agent figures of a
printed period do not move when cases are reassigned after it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry

ASSIGN = "case.assign"  # every change of a case's agent writes one, with "from" and "to"


def holders_before(session: Session, moment: dt.datetime) -> dict[str, int | None]:
    """Per case number, the agent it had at `moment` when it has been reassigned since: the
    "from" of its first assignment entry at or after `moment` (None: it was in the queue).

    A case not in the result kept its agent since `moment`: its current holder is the one it had
    then. That holds for the demo's cases too, given their agents without an assignment entry,
    and for a closed case (a closed case is never reassigned, so its holder at a moment after it
    closed is the one it closed with). One query over the entries since `moment`, not one per
    case."""
    first: dict[str, int | None] = {}
    for case_no, changes in session.execute(
        select(AuditEntry.entity_id, AuditEntry.changes)
        # By ix_audit_entry_at (the entries since `moment`, few for a recent period), not by
        # ix_audit_entry_entity: every call ever logged on a case is an entry of entity "case".
        # The `|| ''` keeps the planner off the latter.
        .where(
            AuditEntry.at >= moment,
            AuditEntry.action == ASSIGN,
            AuditEntry.entity + "" == "case",
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        if case_no not in first:
            held = (changes or {}).get("from")
            first[case_no] = int(held) if held is not None else None
    return first
