"""What the demo office's complaints left behind, written after their rows are loaded: each one's
entries in the audit trail as app.complaints writes them — recorded, an investigator named (the
Complaints page reads who investigates from that entry), closed with its outcome — and the
investigation notes, stamped and signed as `add_note` stamps them. Deterministic."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.demo.context import local_to_utc
from app.demo.pauses import LIFT_MINUTE
from app.models import Case, Complaint, ComplaintStatus, User
from app.roles import Role

OPEN = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
FINDINGS = (
    "已调取通话记录核查",
    "已听取录音并询问催收员",
    "已向借款人电话核实情况",
)


def record_complaints(session: Session, as_of: dt.date, now: dt.datetime | None = None) -> int:
    """The audit entries and notes of every complaint; returns how many entries were written.

    A demo built as of today has complaints received today, stamped at office hours that may not
    have come yet: nothing is stamped after `now` (the build's moment), so the office's newest
    entries are the ones made after it was built."""
    latest = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(minutes=1)
    staff = list(
        session.scalars(
            select(User).where(User.role.in_([Role.SUPERVISOR, Role.ADMIN])).order_by(User.id)
        )
    )
    supervisors = [u for u in staff if u.role == Role.SUPERVISOR] or staff
    if not supervisors:
        return 0
    names = {u.id: u.username for u in session.scalars(select(User))}
    rows = session.execute(
        select(Complaint, Case.case_no)
        .outerjoin(Case, Case.id == Complaint.case_id)
        .order_by(Complaint.created_at, Complaint.id)
    ).all()
    entries: list[tuple[dt.datetime, User, str, str, dict[str, Any]]] = []
    for complaint, case_no in rows:
        draw = zlib.crc32(complaint.complaint_no.encode())
        handler = supervisors[draw % len(supervisors)]
        number = complaint.complaint_no
        recorded = _utc(complaint.created_at)
        if recorded > latest:  # stored as the model stores it (naive UTC on SQLite)
            recorded = latest
            aware = complaint.created_at.tzinfo is not None
            complaint.created_at = latest if aware else latest.replace(tzinfo=None)
        entries.append(
            (
                recorded,
                handler,
                "complaint.record",
                number,
                {
                    "case": case_no,
                    "agent": names.get(complaint.agent_id) if complaint.agent_id else None,
                    "category": complaint.category.value,
                    "source": complaint.source,
                    "channel": complaint.channel,
                    "received_on": complaint.received_on.isoformat(),
                    "deadline_on": complaint.deadline_on.isoformat(),
                },
            )
        )
        if complaint.status is ComplaintStatus.OPEN:
            continue
        others = [u for u in staff if u.id not in (handler.id, complaint.agent_id)] or [handler]
        investigator = others[draw // 7 % len(others)]
        named = max(
            recorded + dt.timedelta(minutes=30),
            local_to_utc(min(complaint.received_on + dt.timedelta(days=1), as_of), 570),
        )
        named = min(named, latest)
        found = min(named + dt.timedelta(hours=2, minutes=draw % 50), latest)
        entries.append(
            (
                named,
                handler,
                "complaint.assign",
                number,
                {"investigator": investigator.username, "investigator_id": investigator.id},
            )
        )
        complaint.investigation_notes = "\n".join(
            (
                f"[{named:%Y-%m-%d %H:%M} UTC] {handler.username}: "
                f"investigator: {investigator.username}",
                f"[{found:%Y-%m-%d %H:%M} UTC] {investigator.username}: "
                f"{FINDINGS[draw % len(FINDINGS)]}",
            )
        )
        if complaint.status in OPEN or complaint.closed_on is None:
            continue
        # At LIFT_MINUTE; on a complaint closed the day it came, after its finding (by
        # LIFTED_BY at the latest: app/demo/pauses.py took the contacts it paused back on that).
        lifted = local_to_utc(complaint.closed_on, LIFT_MINUTE)
        closed = min(max(found + dt.timedelta(minutes=30), lifted), latest)
        complaint.pause_lifted_by_id = handler.id
        complaint.pause_lifted_at = closed
        entries.append(
            (
                closed,
                handler,
                "complaint.resolve",
                number,
                {
                    "status": complaint.status.value,
                    "upheld": complaint.status is ComplaintStatus.RESOLVED,
                    "closed_on": complaint.closed_on.isoformat(),
                    "late": complaint.closed_on > complaint.deadline_on,
                    "pause_lifted": True,
                },
            )
        )
    session.flush()
    return audit.record_many(
        session,
        (
            (user, action, "complaint", number, changes, at)
            for at, user, action, number, changes in sorted(entries, key=lambda e: (e[0], e[3]))
        ),
    )


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
