"""The demo office's complaints read as a real office's would (found by the window's QA): the
description fits the category, a complaint under investigation or closed names its investigator
(from its audit entry) and has signed, dated notes, and the audit trail holds each complaint's
entries, chained intact."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit import verify_chain
from app.auth import authenticate
from app.complaint_detail import NOTE, complaint_detail
from app.demo.activity import COMPLAINT_TEXTS
from app.models import AuditEntry, Complaint, ComplaintStatus


def test_the_demo_complaints_are_whole(demo_db) -> None:
    supervisor = authenticate(demo_db.sessions, "supervisor", "demo")
    with demo_db.sessions() as s:
        complaints = s.scalars(select(Complaint).order_by(Complaint.id)).all()
        assert complaints
        kinds = {c.status for c in complaints}
        assert ComplaintStatus.INVESTIGATING in kinds or ComplaintStatus.RESOLVED in kinds
        for c in complaints:
            assert c.description in COMPLAINT_TEXTS[c.category], c.complaint_no
            detail = complaint_detail(s, supervisor, c.complaint_no)
            if c.status is ComplaintStatus.OPEN:
                assert detail.investigator is None and detail.notes == ()
                continue
            assert detail.investigator is not None, c.complaint_no
            findings = [n for n in detail.notes if n.kind == NOTE]
            assert findings and all(n.at is not None and n.author for n in findings)
        actions = dict(
            s.execute(
                select(AuditEntry.action, func.count())
                .where(AuditEntry.entity == "complaint")
                .group_by(AuditEntry.action)
            ).all()
        )
        closed = sum(
            c.status not in (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
            for c in complaints
        )
        assert actions["complaint.record"] == len(complaints)
        assert actions["complaint.assign"] == sum(
            c.status is not ComplaintStatus.OPEN for c in complaints
        )
        assert actions.get("complaint.resolve", 0) == closed
        assert verify_chain(s).intact
