"""The demo office holds visit bookings and moves the rules flagged, as the booking and the move
record them (app/visits/booking.py, reschedule.py, app/compliance/gate.py): bookings without the
borrower's consent to enter, overridden by the supervisor who approved them with a written
reason; moves refused for quiet hours; bookings refused for an agent with lapsed field training;
each with its audit entry, none later than the build. `casedesk report compliance` lists them."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.audit import verify_chain
from app.cli.main import main
from app.demo import build_demo
from app.models import AuditEntry, BlockedAttempt, Channel, FlaggedBooking, User, Visit
from app.roles import Role
from db.store import open_database
from tests.conftest import TEST_KEY

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
AS_OF = dt.date(2026, 3, 16)
MORNING = dt.datetime(2026, 3, 16, 1, 0, tzinfo=dt.UTC)  # 09:00 on 16 March in Shanghai
LOANS, SEED = 2000, 7


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo office built at 09:00 on its as-of day (a closed file, for the command line)."""
    path = tmp_path_factory.mktemp("flags") / "demo.db"
    database = open_database(path, TEST_KEY, create=True)
    try:
        build_demo(database, loans=LOANS, seed=SEED, as_of=AS_OF, now=MORNING)
    finally:
        database.close()
    return path


def test_the_demo_holds_flagged_and_blocked_visit_bookings(office: Path) -> None:
    database = open_database(office, TEST_KEY)
    try:
        with database.session() as s:
            flagged = s.scalars(select(FlaggedBooking).order_by(FlaggedBooking.id)).all()
            blocked = s.scalars(
                select(BlockedAttempt).where(BlockedAttempt.channel == Channel.VISIT)
            ).all()
            roles = {u.id: u.role for u in s.scalars(select(User))}
            trail = {
                (e.action, e.entity_id, _aware(e.at)): (e.user_id, e.changes)
                for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "visit"))
            }
            assert flagged and blocked
            for row in flagged:  # a booking without consent to enter, let through by a supervisor
                visit = s.get(Visit, row.visit_id)
                assert visit is not None and not visit.consent_to_enter
                assert (row.action, row.verdict) == ("visit_book", "needs_override")
                assert "visit_consent" in {f["rule"] for f in row.findings or []}
                assert roles[row.override_by_id] is Role.SUPERVISOR
                assert row.override_by_id == visit.approved_by_id and row.override_reason
                assert _aware(row.at) == _aware(visit.booked_at)
                booker, entry = trail[("visit.book", visit.visit_no, _aware(row.at))]
                assert booker == row.agent_id == visit.booked_by_id
                assert entry["verdict"] == "needs_override"
                assert entry["override_reason"] == row.override_reason
            kinds = {(b.action, f["rule"]) for b in blocked for f in b.findings or []}
            assert ("visit_reschedule", "quiet_hours") in kinds
            assert ("visit_book", "visit_training") in kinds
            for row in blocked:  # the attempt's own entry: who tried, when, refused by which rules
                rules = [f["rule"] for f in row.findings or []]
                assert (row.agent_id, rules, row.action) in [  # a booking's or a move's
                    (who, changes["rules"], changes["attempt"])
                    for (action, _, at), (who, changes) in trail.items()
                    if action == "visit.blocked" and at == _aware(row.at)
                ]
            # Nothing stamped after the build's moment (09:00, less a minute), the trail intact.
            moment = MORNING - dt.timedelta(minutes=1)
            times = [_aware(r.at) for r in (*flagged, *blocked)] + [key[2] for key in trail]
            assert max(times) <= moment
            assert verify_chain(s).intact
    finally:
        database.close()


def test_the_compliance_report_lists_them(office: Path, tmp_path: Path, monkeypatch) -> None:
    database = open_database(office, TEST_KEY)
    try:
        with database.session() as s:
            flagged = s.scalars(select(FlaggedBooking)).all()
            blocked = s.scalars(
                select(BlockedAttempt).where(BlockedAttempt.channel == Channel.VISIT)
            ).all()
            reasons = {r.override_reason for r in flagged}
            times = [_aware(r.at) for r in (*flagged, *blocked)]
    finally:
        database.close()
    first, last = (min(times).astimezone(SHANGHAI).date(), max(times).astimezone(SHANGHAI).date())
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    out = tmp_path / "compliance.pdf"
    args = ["report", "compliance", "--from", first.isoformat(), "--to", last.isoformat()]
    assert main([*args, "-o", str(out), "--db", str(office), "--lang", "en"]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    counts = {
        action: (
            sum(b.action == action for b in blocked),
            sum(f.action == action for f in flagged),
        )
        for action in ("visit_book", "visit_reschedule")
    }
    # Flags by action: blocked attempts, warnings, overrides.
    book_blocked, book_overrides = counts["visit_book"]
    move_blocked, move_overrides = counts["visit_reschedule"]
    assert re.search(rf"Visit booking\s+{book_blocked}\s+0\s+{book_overrides}\b", text), text
    assert re.search(rf"Visit reschedule\s+{move_blocked}\s+0\s+{move_overrides}\b", text), text
    listed = re.findall(r"Visit (?:booking|reschedule) Borrower (Quiet hours|Field training)", text)
    assert "Quiet hours" in listed and "Field training" in listed
    assert len(listed) == len(blocked)
    assert all(reason in text for reason in reasons)
