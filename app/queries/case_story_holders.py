"""The case's story: who held the case and when — each assignment, reassignment and hand-back
read from the audit trail's `case.assign` entries (one index lookup: ix_audit_entry_entity),
each at its time with who did it. The case's own `assigned_at` is only the latest holder's, so
a story built from it lost every earlier holder and every hand-back (found by QA)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import tr
from app.models import AuditEntry, Case

# The "why" of a case.assign entry that put the case back in the queue (app/cases/assignment.py
# HANDED_BACK, app/account_handover.py WHY, app/cases/assign_undo.py).
_BACK = {
    "handed back": "Handed back to the queue",
    "deactivated": "Back in the queue: its agent was deactivated",
    "undone": "Back in the queue: its assignment was undone",
}


def holder_lines(
    session: Session,
    case: Case,
    names: Mapping[int, str],
    opened_at: dt.datetime,
    lang: str | None = None,
) -> list[tuple[dt.datetime, str, str, bool]]:
    """(when, title, detail, dated) of each change of the case's holder, oldest first.
    `opened_at` is the case's opening day, where a holder from before the trail stands."""
    t = lambda msgid, **p: tr(msgid, lang, **p)  # noqa: E731
    rows = session.execute(
        select(AuditEntry.at, AuditEntry.user_id, AuditEntry.changes)
        .where(
            AuditEntry.entity == "case",
            AuditEntry.entity_id == case.case_no,
            AuditEntry.action == "case.assign",
        )
        .order_by(AuditEntry.id)
    ).all()
    if not rows:  # assigned when the office's data were built or imported, never since
        if case.assigned_at is None or case.assigned_agent_id is None:
            return []
        name = names.get(case.assigned_agent_id, "?")
        return [(case.assigned_at, t("Assigned to {agent}", agent=name), "", False)]
    lines: list[tuple[dt.datetime, str, str, bool]] = []
    first = (rows[0].changes or {}).get("from")
    if first is not None:  # held before the trail says: its day is not known, only its holder
        lines.append(
            (
                opened_at,
                t("Assigned to {agent}", agent=names.get(first, "?")),
                t("the day it was assigned is not recorded"),
                True,
            )
        )
    for at, who, changes in rows:
        changes = changes or {}
        before, after = changes.get("from"), changes.get("to")
        if before == after:  # a case given again to its holder changed nothing
            continue
        by = t("by {agent}", agent=names.get(who, "?")) if who is not None else tr("(system)", lang)
        at = _utc(at)
        if after is None:
            title = t(_BACK.get(str(changes.get("why")), _BACK["handed back"]))
        elif changes.get("why") == "undone":  # back to its previous agent, not a new assignment
            title = t(
                "Assignment undone: back to {agent} (assignment {batch})",
                agent=names.get(after, "?"),
                batch=changes.get("batch", "?"),
            )
        else:
            title = t("Assigned to {agent}", agent=names.get(after, "?"))
        held = names.get(before) if isinstance(before, int) else None
        detail = [by] + ([t("from {agent}", agent=held)] if held else [])
        lines.append((at, title, " · ".join(detail), False))
    return lines


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
