"""A contact at this minute is judged by the pauses and stop flags as they stand now (QA: the
contact dialog gives its time to the minute, so a call logged at 09:25 right after a complaint
was recorded at 09:25:30 was judged "after the fact", before the complaint, and allowed).

Real database files (the `db` fixture); the complaint, the flag and the lift go through the use
cases, stamped by the clock as they are in the window."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select

from app.complaints import lift_pause, record_complaint
from app.models import Complaint, VerdictKind
from tests.compliance.test_edges_qa import (
    SH,
    _complaint,
    _set_flags,
    _user,
    build,
    chk,
    days_ago,
    office_today,
    rules,
)


def this_minute() -> dt.datetime:
    """The time the contact dialog offers: now, to the minute, in the borrower's zone. Clear of
    the minute's last seconds, so the check below runs within the same minute."""
    if dt.datetime.now(SH).second >= 55:
        time.sleep(6)
    return dt.datetime.now(SH).replace(second=0, microsecond=0)


def _record(db) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        complaint = record_complaint(
            s,
            _user(s, "sup"),
            case_no="C1",
            agent_username="agent01",
            received_on=office_today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="Called five times today and was rude.",
            today=office_today(),
        )
        return complaint.complaint_no


def test_a_call_this_minute_after_a_complaint_was_recorded_is_blocked(db):
    build(db)
    minute = this_minute()
    _record(db)
    verdict = chk(db, at=minute)
    assert "case_paused" in rules(verdict), verdict
    assert verdict.kind is VerdictKind.BLOCKED


def test_a_call_this_minute_after_the_borrower_refused_contact_is_blocked(db):
    build(db)
    minute = this_minute()
    _set_flags(db, contact_refused=True)
    verdict = chk(db, at=minute)
    assert "stop_contact_refused" in rules(verdict), verdict
    assert verdict.kind is VerdictKind.BLOCKED


def test_a_call_this_minute_after_the_pause_was_lifted_is_not_refused_for_it(db):
    """The complaint came yesterday; a supervisor lifts its pause now and the agent calls."""
    build(db)
    _complaint(db, created=days_ago(1, 9), lifted=None)
    minute = this_minute()
    with db.session() as s:
        lift_pause(s, _user(s, "sup"), "K1", "The borrower asked to be called back.")
    with db.session() as s:
        assert s.scalar(select(Complaint.pause_lifted_at)) is not None
    assert "case_paused" not in rules(chk(db, at=minute))
