"""The demo office's complaints read as a real office's would (found by the window's QA): the
description fits the category, a complaint under investigation or closed names its investigator
(from its audit entry) and has signed, dated notes, and the audit trail holds each complaint's
entries, chained intact."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit import verify_chain
from app.auth import authenticate
from app.complaint_detail import NOTE, complaint_detail
from app.demo.complaint_rows import COMPLAINT_TEXTS
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


def test_nothing_in_a_demo_built_today_is_stamped_after_its_build(tmp_path) -> None:
    """A demo's complaints are stamped at office hours up to the build day: built before those
    hours came, the office's trail held entries from later that day, newer than anything a user
    then did (the Audit page's newest). Built at 00:05 office time, nothing is stamped after."""
    import datetime as dt

    from app.demo import build_demo
    from db.store import open_database
    from tests.conftest import TEST_KEY

    as_of = dt.date(2026, 12, 4)
    built = dt.datetime(2026, 12, 3, 16, 5, tzinfo=dt.UTC)  # 00:05 in Shanghai
    database = open_database(tmp_path / "d.db", TEST_KEY, create=True)
    try:
        build_demo(database, loans=300, seed=7, as_of=as_of, now=built)
        with database.sessions() as s:
            stamped = s.scalars(select(AuditEntry.at).where(AuditEntry.entity == "complaint")).all()
            assert max(stamped).replace(tzinfo=dt.UTC) < built
            created = s.scalars(select(Complaint.created_at)).all()
            assert max(c.replace(tzinfo=dt.UTC) for c in created) < built
    finally:
        database.close()
