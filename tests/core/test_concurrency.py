"""Stale saves: two users on one database, in two processes or two sessions; the later save over
an old copy is refused naming who changed the record and when, and the first save stands."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from sqlalchemy import select, text

from app.errors import PermissionDenied
from app.models import AuditEntry, Borrower, Case, CaseStatus, Complaint, ComplaintStatus, User
from tests.conftest import TEST_KEY
from tests.pg.fixtures import open_target, target_of

TIMEOUT = 120


def _borrower_no(database: Any) -> str:
    with database.session() as s:
        return s.scalar(
            select(Borrower.borrower_no)
            .where(Borrower.do_not_visit.is_(False), Borrower.has_lawyer.is_(False))
            .order_by(Borrower.id)
            .limit(1)
        )


def _editor(path: str, username: str, borrower_no: str, flag: str, queue: Any, go: Any) -> None:
    """One workstation: log in, read the borrower, wait for its turn, save one flag."""
    from app.auth import authenticate
    from app.borrowers import update_borrower_flags
    from app.errors import CasedeskError

    database = open_target(path, TEST_KEY)
    try:
        user = authenticate(database.sessions, username, "demo")
        with database.session() as s:
            version = s.scalar(select(Borrower.version).where(Borrower.borrower_no == borrower_no))
        queue.put((username, "read", version))
        if not go.wait(TIMEOUT):
            queue.put((username, "error", "never told to save"))
            return
        try:
            with database.session(write_lock=True) as s:
                me = s.get(User, user.id)
                update_borrower_flags(s, me, borrower_no, expected_version=version, **{flag: True})
            queue.put((username, "saved", None))
        except CasedeskError as error:
            queue.put((username, "refused", str(error)))
    except Exception as error:  # report, so the test fails with the reason instead of hanging
        queue.put((username, "error", repr(error)))
    finally:
        database.close()


def test_two_processes_the_second_save_over_an_old_version_is_refused(demo_db) -> None:
    borrower_no = _borrower_no(demo_db)
    path = target_of(demo_db)  # the file, or the PostgreSQL URL
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    go_first, go_second = ctx.Event(), ctx.Event()
    first = ctx.Process(
        target=_editor, args=(path, "supervisor", borrower_no, "do_not_visit", queue, go_first)
    )
    second = ctx.Process(
        target=_editor, args=(path, "admin", borrower_no, "has_lawyer", queue, go_second)
    )
    first.start()
    second.start()
    try:
        reads = [queue.get(timeout=TIMEOUT) for _ in range(2)]
        assert sorted((who, what) for who, what, _ in reads) == [
            ("admin", "read"),
            ("supervisor", "read"),
        ], reads
        version = reads[0][2]
        assert reads[1][2] == version  # both hold the same copy
        go_first.set()
        assert queue.get(timeout=TIMEOUT) == ("supervisor", "saved", None)
        go_second.set()
        who, what, message = queue.get(timeout=TIMEOUT)
        assert (who, what) == ("admin", "refused"), message
        assert f"Borrower {borrower_no} was changed by supervisor at " in message
        assert "reload it and try again" in message
    finally:
        go_first.set()
        go_second.set()
        first.join(TIMEOUT)
        second.join(TIMEOUT)
    assert first.exitcode == 0 and second.exitcode == 0
    with demo_db.session() as s:
        borrower = s.scalar(select(Borrower).where(Borrower.borrower_no == borrower_no))
        assert borrower.do_not_visit is True  # the first save stands
        assert borrower.has_lawyer is False  # the refused one saved nothing
        assert borrower.version == version + 1


def _open_case_no(s: Any) -> str:
    return s.scalar(
        select(Case.case_no)
        .where(Case.status != CaseStatus.CLOSED, Case.dpd < 30)
        .order_by(Case.id)
        .limit(1)
    )


def _trained_agents(s: Any) -> list[str]:
    from app import settings
    from app.training import WorkKind, office_training

    states = office_training(s, settings.as_of(s))
    return [s.get(User, a.agent_id).username for a in states if a.qualified(WorkKind.PHONE)]


def test_two_sessions_sqlalchemy_version_check_on_a_case(demo_db) -> None:
    from app.cases.assignment import assign_cases
    from app.concurrency import StaleEdit

    with demo_db.session() as s:
        case_no = _open_case_no(s)
        holder = s.scalar(select(Case).where(Case.case_no == case_no)).assigned_agent
        # Not the case's own agent: assigning a case to its agent changes nothing (no version).
        others = [a for a in _trained_agents(s) if holder is None or a != holder.username]
        first_agent, second_agent = others[:2]
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        admin = s.scalar(select(User).where(User.username == "admin"))
    held = demo_db.sessions()  # the admin's window: reads the case, keeps its copy
    try:
        case = held.scalar(select(Case).where(Case.case_no == case_no))
        read_version = case.version
        held.commit()  # the read ends; the copy stays (expire_on_commit=False)
        with demo_db.session() as s:  # the supervisor assigns it meanwhile
            assign_cases(s, s.get(User, supervisor.id), [case_no], first_agent)
        with pytest.raises(StaleEdit) as refused:
            assign_cases(held, held.get(User, admin.id), [case_no], second_agent)
    finally:
        held.close()
    message = str(refused.value)
    assert message.startswith(f"Case {case_no} was changed by supervisor at ")
    assert "reload it and try again" in message
    assert "案件" in refused.value.translated("zh_CN") and "supervisor" in message
    with demo_db.session() as s:
        stored = s.scalar(select(Case).where(Case.case_no == case_no))
        assert stored.assigned_agent.username == first_agent
        assert stored.version == read_version + 1


def test_a_complaint_changed_since_it_was_read_is_refused(demo_db) -> None:
    from app.complaints import add_note
    from app.concurrency import StaleEdit

    held = demo_db.sessions()
    try:
        complaint = held.scalar(
            select(Complaint)
            .where(Complaint.status.in_([ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING]))
            .limit(1)
        )
        number, complaint_id = complaint.complaint_no, complaint.id
        held.commit()
        with demo_db.session() as s:  # the supervisor notes something meanwhile
            supervisor = s.scalar(select(User).where(User.username == "supervisor"))
            add_note(s, supervisor, number, "Asked the branch for the call recording")
        admin = held.scalar(select(User).where(User.username == "admin"))
        with pytest.raises(StaleEdit, match=f"Complaint {number} was changed by supervisor"):
            add_note(held, admin, number, "Called the borrower back")
    finally:
        held.close()
    with demo_db.session() as s:
        notes = s.scalar(select(Complaint.investigation_notes).where(Complaint.id == complaint_id))
        assert "call recording" in notes and "Called the borrower back" not in notes


def test_a_change_without_an_audit_entry_names_someone(demo_db) -> None:
    from app.borrowers import update_borrower_flags
    from app.concurrency import StaleEdit

    with demo_db.session() as s:
        borrower = s.scalar(
            select(Borrower)
            .where(Borrower.borrower_no.not_in(select(AuditEntry.entity_id)))
            .order_by(Borrower.id)
            .limit(1)
        )
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
    with demo_db.engine.begin() as conn:  # a change that left no audit entry
        conn.execute(
            text("UPDATE borrower SET version = version + 1 WHERE id = :id"), {"id": borrower.id}
        )
    with pytest.raises(StaleEdit) as refused, demo_db.session() as s:
        update_borrower_flags(
            s, supervisor, borrower.borrower_no, expected_version=borrower.version, vulnerable=True
        )
    assert str(refused.value) == (
        f"Borrower {borrower.borrower_no} was changed by someone at an unknown time — "
        "reload it and try again."
    )
    assert "他人" in refused.value.translated("zh_CN")


def test_the_version_the_editor_read_is_checked_before_writing(demo_db) -> None:
    from app.borrowers import update_borrower_flags
    from app.concurrency import StaleEdit

    borrower_no = _borrower_no(demo_db)
    with demo_db.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        agent = s.scalar(select(User).where(User.username == "agent01"))
        version = s.scalar(select(Borrower.version).where(Borrower.borrower_no == borrower_no))
        update_borrower_flags(s, supervisor, borrower_no, expected_version=version, vulnerable=True)
    with pytest.raises(StaleEdit, match="changed by supervisor"), demo_db.session() as s:
        update_borrower_flags(s, supervisor, borrower_no, expected_version=version, e_opt_out=True)
    with pytest.raises(PermissionDenied), demo_db.session() as s:
        update_borrower_flags(
            s, agent, borrower_no, expected_version=version + 1, note="asked", vulnerable=False
        )
    with demo_db.session() as s:
        borrower = s.scalar(select(Borrower).where(Borrower.borrower_no == borrower_no))
        assert borrower.vulnerable and not borrower.e_opt_out
        assert borrower.version == version + 1
        # an unchanged value is neither written nor audited
        update_borrower_flags(
            s, supervisor, borrower_no, expected_version=version + 1, vulnerable=True
        )
    with demo_db.session() as s:
        assert s.scalar(select(Borrower.version).where(Borrower.borrower_no == borrower_no)) == (
            version + 1
        )


def test_the_time_of_the_change_is_told_on_the_office_clock(demo_db, computer_zone) -> None:
    """A computer on Pago Pago's zone (UTC-11) names the change at the office's time, as every
    stored time is shown, not at its own."""
    import datetime as dt
    import zoneinfo

    from app.concurrency import last_change
    from app.models import Office

    computer_zone("Pacific/Pago_Pago")
    with demo_db.session() as s:
        entry = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        zone = s.scalar(select(Office.timezone))
        who, when = last_change(s, entry.entity, entry.entity_id)
    expected = entry.at.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    assert when == expected
    assert zone != "Pacific/Pago_Pago"
    assert when != entry.at.astimezone(dt.timezone(dt.timedelta(hours=-11))).strftime(
        "%Y-%m-%d %H:%M"
    )
