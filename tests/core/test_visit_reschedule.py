"""Rescheduling a booked visit through the core: a new time, length and team judged by the rules
as a booking is (its own old slot no conflict), with a reason; the number, request and
verification kept; the approval asked for again; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select

from app import settings
from app.audit_seal import open_changes
from app.audit_words import Reader
from app.errors import PermissionDenied, ValidationError
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Case,
    CaseStatus,
    User,
    VerdictKind,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.visits import cancel_visit, check_in, check_reschedule, reschedule_visit
from app.visits.common import needs_approval
from tests.core.test_visits import come_due
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def _move(db, visit_no: str, who: str = "agent01", **changes):  # type: ignore[no-untyped-def]
    """Reschedule through the core: 14:00 for 60 minutes with agent01 and agent02, the borrower
    agreeing and consenting, unless `changes` say otherwise."""
    fields = {
        "agents": ("agent01", "agent02"),
        "start": slot(14),
        "minutes": 60,
        "borrower_agreed": True,
        "consent_to_enter": True,
        "reason": "借款人要求改到下午",
        **changes,
    }
    return _run(db, who, reschedule_visit, visit_no, **fields)


def _booked(db, case_index: int = 0, **kwargs) -> str:  # type: ignore[no-untyped-def]
    visit_no = verified_visit(db, case_nos(db)[case_index])
    assert book(db, visit_no, **kwargs).saved
    return visit_no


def _visit(db, visit_no: str) -> Visit:
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        s.expunge(visit)
        return visit


def _slot_of(db, visit_no: str) -> tuple[dt.datetime, dt.datetime, list[tuple[str, bool]]]:
    """The visit's start and end (UTC) and its team, the lead first."""
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        team = s.execute(
            select(User.username, VisitAgent.lead)
            .join(VisitAgent, VisitAgent.agent_id == User.id)
            .where(VisitAgent.visit_id == visit.id)
            .order_by(VisitAgent.lead.desc(), User.username)
        )
        return (
            visit.scheduled_start.replace(tzinfo=dt.UTC),
            visit.scheduled_end.replace(tzinfo=dt.UTC),
            [(name, bool(lead)) for name, lead in team],
        )


def _action_words(db, entry_id: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """An entry's action as the Audit page words it, in English and in Chinese."""
    from app.queries.audit_log import audit_rows

    with db.session() as s:
        return (
            audit_rows(s, [entry_id], "en")[entry_id].action_words("en"),
            audit_rows(s, [entry_id], "zh_CN")[entry_id].action_words("zh_CN"),
        )


def _entries(db, visit_no: str) -> list[AuditEntry]:
    with db.session() as s:
        entries = list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "visit", AuditEntry.entity_id == visit_no)
                .order_by(AuditEntry.id)
            )
        )
        s.expunge_all()
        for entry in entries:  # a typed reason is sealed with the borrower's key
            entry.changes = open_changes(s, entry.changes)
        return entries


def _ids(db, *usernames: str) -> list[int]:
    with db.session() as s:
        return [s.scalar(select(User.id).where(User.username == u)) for u in usernames]


def test_a_move_changes_the_slot_and_team_and_keeps_the_visit(office):
    case_no = case_nos(office)[0]
    visit_no = _booked(office, start=slot(10))
    before = _visit(office, visit_no)
    result = _move(office, visit_no, agents=("agent03", "agent01"), start=slot(15), minutes=90)
    assert result.saved and result.verdict.kind is VerdictKind.ALLOWED
    assert result.visit is not None and result.visit.visit_no == visit_no
    start, end, team = _slot_of(office, visit_no)
    assert start == slot(15).astimezone(dt.UTC)
    assert end - start == dt.timedelta(minutes=90)
    assert team == [("agent03", True), ("agent01", False)]  # agent02 off, agent03 leading
    after = _visit(office, visit_no)
    assert after.status is VisitStatus.BOOKED and after.id == before.id
    kept = ("verified_at", "verified_by_id", "created_at", "created_by_id", "address")
    assert [getattr(after, k) for k in kept] == [getattr(before, k) for k in kept]
    assert after.identity_verified and after.address_verified and after.phone_verified
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1  # no second visit
        assert s.scalar(select(Case.status).where(Case.case_no == case_no)) is (
            CaseStatus.VISIT_BOOKED
        )
    *_, entry = _entries(office, visit_no)
    assert [e.action for e in _entries(office, visit_no)] == [
        "visit.request",
        "visit.verify",
        "visit.book",
        "visit.reschedule",
    ]
    changes = entry.changes
    assert changes["start"] == {
        "old": slot(10).astimezone(dt.UTC).isoformat(),
        "new": slot(15).astimezone(dt.UTC).isoformat(),
    }
    assert (
        changes["end"]["old"] == (slot(10) + dt.timedelta(hours=1)).astimezone(dt.UTC).isoformat()
    )
    assert changes["agents"] == {
        "old": _ids(office, "agent01", "agent02"),
        "new": _ids(office, "agent03", "agent01"),
    }
    assert changes["reason"] == "借款人要求改到下午" and changes["case"] == case_no
    assert changes["verdict"] == "allowed" and changes["override_by"] is None


def test_the_audit_page_reads_the_move_in_words(office):
    visit_no = _booked(office, start=slot(10))
    assert _move(office, visit_no, agents=("agent01", "agent03"), start=slot(15)).saved
    entry = _entries(office, visit_no)[-1]
    names: dict[str | int, str] = dict(
        zip(_ids(office, "agent01", "agent02", "agent03"), "ABC", strict=True)
    )
    reader = Reader("en", zoneinfo.ZoneInfo("Asia/Shanghai"), names)
    words = reader.parts(entry.action, entry.changes)
    day = f"{slot(10):%Y-%m-%d}"
    assert f"Start: {day} 10:00 → {day} 15:00" in words
    assert "Agents: A, B → A, C" in words
    assert "Reason: 借款人要求改到下午" in words
    chinese = Reader("zh_CN", zoneinfo.ZoneInfo("Asia/Shanghai"), names)
    assert chinese.t("Visit rescheduled") == "上门改约"  # the audit page's action, in Chinese


def test_an_approved_visit_must_be_approved_again_after_a_move(office):
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    visit_no = _booked(office)
    from app.visits import approve_visit

    _run(office, "supervisor", approve_visit, visit_no, "已核实")
    assert _visit(office, visit_no).approved_by_id is not None
    assert _move(office, visit_no).saved
    assert _visit(office, visit_no).approved_by_id is None
    with office.session() as s:
        assert needs_approval(s, s.scalar(select(Visit).where(Visit.visit_no == visit_no)))
    come_due(office, visit_no)
    with pytest.raises(ValidationError, match="waits for a supervisor"):
        _run(office, "agent01", check_in, visit_no)


def test_a_move_that_needs_an_override_takes_a_supervisor_who_approves_it(office):
    visit_no = _booked(office, start=slot(10))
    # Without the borrower's agreement to the new time the consent rule asks for an override.
    refused = _move(office, visit_no, borrower_agreed=False)
    assert not refused.saved and refused.verdict.kind is VerdictKind.NEEDS_OVERRIDE
    assert _slot_of(office, visit_no)[0] == slot(10).astimezone(dt.UTC)  # nothing moved
    boss = login(office, "supervisor")
    agent = login(office, "agent02")
    with pytest.raises(PermissionDenied):
        _move(office, visit_no, borrower_agreed=False, override_by=agent, override_reason="可以")
    no_reason = _move(
        office, visit_no, borrower_agreed=False, override_by=boss, override_reason=" "
    )
    assert not no_reason.saved
    done = _move(
        office, visit_no, borrower_agreed=False, override_by=boss, override_reason="家属代为同意"
    )
    assert done.saved
    assert _visit(office, visit_no).approved_by_id == boss.id
    changes = _entries(office, visit_no)[-1].changes
    assert changes["override_by"] == "supervisor" and changes["override_reason"] == "家属代为同意"
    assert changes["verdict"] == "needs_override"


def test_a_move_into_another_visits_slot_is_blocked_and_nothing_changes(office):
    first = _booked(office, 0, start=slot(10))  # agent01 and agent02, 10:00–11:00
    second = _booked(office, 1, agents=("agent03", "agent01"), start=slot(14))
    before = _slot_of(office, second)
    with office.session() as s:
        blocks = s.scalar(select(func.count()).select_from(BlockedAttempt))
    result = _move(office, second, agents=("agent03", "agent01"), start=slot(10, 30))
    assert not result.saved and result.verdict.kind is VerdictKind.BLOCKED
    assert {f.rule for f in result.verdict.findings} == {"visit_agent_conflict"}
    assert f"王芳 is already booked on {first}" in result.verdict.findings[0].text()
    assert _slot_of(office, second) == before
    entries = _entries(office, second)
    actions = [e.action for e in entries]
    assert actions[-1] == "visit.blocked" and "visit.reschedule" not in actions
    # The code is a booking's, its details say it was a move, and the Audit page says so.
    assert entries[-1].changes["attempt"] == "visit_reschedule"
    assert _action_words(office, entries[-1].id) == (
        "Visit move blocked by a rule",
        "上门改约被规则拦截",
    )
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == blocks + 1


def test_the_visits_own_old_slot_is_no_conflict(office):
    """Moved half an hour, the visit overlaps its old slot with the same team and borrower: the
    rules leave the visit itself out (Action.visit_id), as they do when it is booked."""
    visit_no = _booked(office, start=slot(10))
    result = _move(office, visit_no, start=slot(10, 30))
    assert result.saved, [f.rule for f in result.verdict.findings]
    rules = {f.rule for f in result.verdict.findings}
    assert not rules & {"visit_agent_conflict", "visit_borrower_booked"}
    assert _slot_of(office, visit_no)[0] == slot(10, 30).astimezone(dt.UTC)


def test_a_move_needs_a_reason(office):
    visit_no = _booked(office, start=slot(10))
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match="needs a reason"):
            _move(office, visit_no, reason=reason)
    assert _slot_of(office, visit_no)[0] == slot(10).astimezone(dt.UTC)
    assert "visit.reschedule" not in [e.action for e in _entries(office, visit_no)]


def test_a_move_must_change_the_time_length_or_team(office):
    visit_no = _booked(office, start=slot(10))
    same = {"start": slot(10), "agents": ("agent01", "agent02"), "minutes": 60}
    with pytest.raises(ValidationError, match="nothing to change"):
        _move(office, visit_no, **same)
    with pytest.raises(ValidationError, match="nothing to change"):  # the flags alone: no move
        _move(office, visit_no, **same, consent_to_enter=False)
    with pytest.raises(ValidationError, match="nothing to change"):  # checked live as well
        _run(
            office,
            "agent01",
            check_reschedule,
            visit_no,
            **same,
            borrower_agreed=True,
            consent_to_enter=True,
        )
    assert _move(office, visit_no, **{**same, "agents": ("agent02", "agent01")}).saved  # new lead
    assert _slot_of(office, visit_no)[2] == [("agent02", True), ("agent01", False)]
    assert _move(
        office, visit_no, **{**same, "agents": ("agent02", "agent01"), "minutes": 75}
    ).saved


@pytest.mark.parametrize("status", ["verified", "in progress", "cancelled"])
def test_only_a_booked_visit_is_rescheduled(office, status):
    visit_no = verified_visit(office, case_nos(office)[0])
    if status != "verified":
        assert book(office, visit_no, start=slot(10)).saved
    if status == "in progress":
        come_due(office, visit_no)
        _run(office, "agent01", check_in, visit_no)
    elif status == "cancelled":
        _run(office, "agent01", cancel_visit, visit_no, "借款人已还款")
    before = _visit(office, visit_no)
    with pytest.raises(ValidationError, match=f"is {status}; only a booked visit"):
        _move(office, visit_no)
    after = _visit(office, visit_no)
    assert (after.status, after.scheduled_start) == (before.status, before.scheduled_start)


def test_an_agent_moves_only_visits_they_may_open(office):
    visit_no = _booked(office, start=slot(10))  # agent01's case, agent01 and agent02 going
    with pytest.raises(PermissionDenied):
        _move(office, visit_no, who="agent03")
    assert _slot_of(office, visit_no)[0] == slot(10).astimezone(dt.UTC)
    assert _move(office, visit_no, who="agent02").saved  # on the team


def test_the_live_check_judges_without_saving(office):
    _booked(office, 0, start=slot(10))
    second = _booked(office, 1, agents=("agent03", "agent01"), start=slot(14))
    with office.session() as s:
        blocks = s.scalar(select(func.count()).select_from(BlockedAttempt))
    fields = {"borrower_agreed": True, "consent_to_enter": True}
    clash = _run(
        office,
        "agent01",
        check_reschedule,
        second,
        agents=("agent03", "agent01"),
        start=slot(10, 30),
        minutes=60,
        **fields,
    )
    assert clash.kind is VerdictKind.BLOCKED
    free = _run(
        office,
        "agent01",
        check_reschedule,
        second,
        agents=("agent03", "agent01"),
        start=slot(16),
        minutes=60,
        **fields,
    )
    assert free.kind is VerdictKind.ALLOWED
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == blocks
    assert _slot_of(office, second)[0] == slot(14).astimezone(dt.UTC)
