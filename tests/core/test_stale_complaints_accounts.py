"""Resolving or lifting a complaint, and an admin's reset, unlock, deactivate or activate, over a
read that another supervisor or admin overtook (in another session on the same database): refused
naming who changed it, nothing written, no audit entry; a read that is still current goes through,
and an account's own logins since the read do not refuse it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.accounts import (
    account_rows,
    activate_user,
    add_account,
    deactivate_user,
    reset_password,
    unlock_user,
)
from app.auth import authenticate
from app.complaints import add_note, lift_pause, record_complaint, resolve_complaint
from app.concurrency import StaleEdit
from app.errors import AuthenticationError
from app.models import AuditEntry, Complaint, ComplaintStatus, Role, User
from tests.core.test_compliance_log import _open_cases
from tests.office_day import office_today

PASSWORD = "Str0ng-enough-2026!"


def _user(s: Any, name: str) -> User:
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _audit_count(database: Any) -> int:
    with database.sessions() as s:
        return int(s.scalar(select(func.count(AuditEntry.id))) or 0)


def _pausing_complaint(database: Any) -> tuple[str, int]:
    """An open complaint about a case, pausing contact on it: (number, version) as a page reads
    it."""
    with database.session() as s:
        case_no = _open_cases(s, _user(s, "agent02"))[0][0]
        complaint = record_complaint(
            s,
            _user(s, "supervisor"),
            case_no=case_no,
            agent_username=None,
            received_on=office_today(),
            source="relative",
            channel="phone",
            category="harassment",
            description="Called the borrower's mother three times in one evening.",
            today=office_today(),
        )
        return complaint.complaint_no, complaint.version


def _stored(database: Any, number: str) -> Complaint:
    with database.sessions() as s:
        complaint = s.scalar(select(Complaint).where(Complaint.complaint_no == number))
        assert complaint is not None
        s.expunge(complaint)
        return complaint


@pytest.mark.parametrize("meanwhile", ["resolved", "lifted", "noted"])
def test_resolving_a_complaint_changed_since_it_was_read_is_refused(demo_db, meanwhile) -> None:
    number, seen = _pausing_complaint(demo_db)
    with demo_db.session() as s:  # the supervisor, on another workstation
        supervisor = _user(s, "supervisor")
        if meanwhile == "resolved":
            resolve_complaint(s, supervisor, number, "Apologised; agent retrained.", True)
        elif meanwhile == "lifted":
            lift_pause(s, supervisor, number, "The borrower asked us to call about the plan.")
        else:
            add_note(s, supervisor, number, "Asked the branch for the call recording.")
    before, audited = _stored(demo_db, number), _audit_count(demo_db)
    with pytest.raises(StaleEdit) as refused, demo_db.session() as s:
        resolve_complaint(
            s, _user(s, "admin"), number, "Not justified.", False, expected_version=seen
        )
    assert str(refused.value).startswith(f"Complaint {number} was changed by supervisor at ")
    after = _stored(demo_db, number)
    assert (after.status, after.outcome, after.closed_on, after.version) == (
        before.status,
        before.outcome,
        before.closed_on,
        before.version,
    )
    assert _audit_count(demo_db) == audited


def test_lifting_a_pause_over_an_old_read_is_refused(demo_db) -> None:
    number, seen = _pausing_complaint(demo_db)
    with demo_db.session() as s:
        add_note(s, _user(s, "supervisor"), number, "The borrower's son called again.")
    audited = _audit_count(demo_db)
    with pytest.raises(StaleEdit, match="changed by supervisor"), demo_db.session() as s:
        lift_pause(s, _user(s, "admin"), number, "Calls may resume.", expected_version=seen)
    assert _stored(demo_db, number).pause_lifted_at is None
    assert _audit_count(demo_db) == audited


def test_a_current_read_resolves_the_complaint(demo_db) -> None:
    number, seen = _pausing_complaint(demo_db)
    with demo_db.session() as s:
        resolve_complaint(
            s,
            _user(s, "admin"),
            number,
            "Apologised in writing.",
            True,
            today=office_today(),
            expected_version=seen,
        )
    stored = _stored(demo_db, number)
    assert stored.status is ComplaintStatus.RESOLVED and stored.pause_lifted_at is not None


def _marks(database: Any, admin_name: str = "admin") -> dict[str, int]:
    with database.sessions() as s:
        return {r.username: r.admin_mark for r in account_rows(s, _user(s, admin_name))}


def _second_admin(database: Any) -> None:
    with database.session() as s:
        add_account(s, _user(s, "admin"), "admin2", Role.ADMIN, PASSWORD, "Second admin")


@pytest.mark.parametrize("action", ["reset", "unlock", "deactivate", "activate"])
def test_an_account_another_admin_changed_since_the_list_is_not_overwritten(
    demo_db, action
) -> None:
    _second_admin(demo_db)
    if action == "activate":
        with demo_db.session() as s:
            deactivate_user(s, _user(s, "admin"), "agent03")
    seen = _marks(demo_db)["agent03"]  # the first admin's list
    with demo_db.session() as s:  # the second admin, on another workstation
        reset_password(s, _user(s, "admin2"), "agent03", "An0ther-one-2026!")
    with demo_db.sessions() as s:
        hashed, active = s.execute(
            select(User.password_hash, User.active).where(User.username == "agent03")
        ).one()
    audited = _audit_count(demo_db)
    work = {
        "reset": lambda s, a: reset_password(s, a, "agent03", PASSWORD, seen=seen),
        "unlock": lambda s, a: unlock_user(s, a, "agent03", seen=seen),
        "deactivate": lambda s, a: deactivate_user(s, a, "agent03", seen=seen),
        "activate": lambda s, a: activate_user(s, a, "agent03", seen=seen),
    }[action]
    with pytest.raises(StaleEdit) as refused, demo_db.session() as s:
        work(s, _user(s, "admin"))
    assert str(refused.value).startswith("User agent03 was changed by admin2 at ")
    with demo_db.sessions() as s:
        now = s.execute(
            select(User.password_hash, User.active).where(User.username == "agent03")
        ).one()
    assert tuple(now) == (hashed, active)
    assert _audit_count(demo_db) == audited
    with demo_db.session() as s:  # read again, the admin decides again and it goes through
        fresh = _marks(demo_db)["agent03"]
        if action == "reset":
            reset_password(s, _user(s, "admin"), "agent03", PASSWORD, seen=fresh)
        elif action == "unlock":
            unlock_user(s, _user(s, "admin"), "agent03", seen=fresh)
        elif action == "deactivate":
            deactivate_user(s, _user(s, "admin"), "agent03", seen=fresh)
        else:
            activate_user(s, _user(s, "admin"), "agent03", seen=fresh)
    assert _audit_count(demo_db) > audited


def test_the_accounts_own_logins_do_not_refuse_an_admin(demo_db) -> None:
    seen = _marks(demo_db)["agent04"]
    authenticate(demo_db.sessions, "agent04", "demo")  # their row's version moved
    with pytest.raises(AuthenticationError):  # a wrong password: counted on their row too
        authenticate(demo_db.sessions, "agent04", "wrong")
    with demo_db.session() as s:
        deactivate_user(s, _user(s, "admin"), "agent04", seen=seen)
    with demo_db.sessions() as s:
        assert _user(s, "agent04").active is False
