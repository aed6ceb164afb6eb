"""Erasures survive a restore (PIPL Art. 47; app/erasure_restore.py): restoring a backup made
before a borrower's personal data were erased erases them again in the restored office, with an
audit entry naming who erased and when, and the chain still verifies; a backup that already has
the erasure is left as it is; another office's borrower under the same id is not touched; a
failure on the way leaves the office as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import audit, erasure_restore
from app.audit_seal import open_changes, personal
from app.auth import authenticate
from app.backups import back_up, verify_database
from app.erasure import ERASED_NAME, erase_borrower, erasure_refusal
from app.erasure_restore import erased_since
from app.models import (
    AuditEntry,
    Borrower,
    BorrowerErasure,
    BorrowerKey,
    Case,
    CaseNote,
    Loan,
    User,
)
from app.restore import restore
from app.retention import past_retention, retention_rule
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import office_today

MARK = "changed after the backup"
CASE_NOTE = "Her brother says she moved to Hangzhou"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _login(database):  # type: ignore[no-untyped-def]
    return authenticate(database.sessions, "admin", "demo")


def _admin(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "admin"))


def _erasable(s) -> Borrower:  # type: ignore[no-untyped-def]
    rule = retention_rule(s)
    for past in past_retention(s).cases:
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id))
        if erasure_refusal(s, borrower, rule, office_today()) is None:
            return borrower
    raise AssertionError("the demo office has no borrower past their retention")


def _sealed_note(s, borrower: Borrower) -> int:  # type: ignore[no-untyped-def]
    """An audit entry holding a value sealed with the borrower's key; its id."""
    value = personal(s, borrower.id, "Wang Fang, the borrower's sister")
    entry = audit.record(
        s, _admin(s), "borrower.related", "borrower", borrower.borrower_no, {"person": value}
    )
    return entry.id


def _case_note(s, borrower_id: int) -> None:  # type: ignore[no-untyped-def]
    """A note on one of the borrower's cases (app/case_notes.py), in the backup."""
    from app.case_notes import add_case_note

    loans = select(Loan.id).where(Loan.borrower_id == borrower_id)
    case_no = s.scalar(select(Case.case_no).where(Case.loan_id.in_(loans)).limit(1))
    add_case_note(s, _admin(s), case_no, CASE_NOTE)


def _office(path: Path, *, erase_first: bool = False):  # type: ignore[no-untyped-def]
    """A backup of the demo office at `path` and the borrower erased after it (or before it,
    `erase_first`), a change after the backup marked: (backup, borrower id, number, name, note)."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            borrower = _erasable(s)
            bid, number, name = borrower.id, borrower.borrower_no, borrower.name
            note = _sealed_note(s, borrower)
            _case_note(s, bid)
        if erase_first:
            with database.session() as s:
                erase_borrower(s, _admin(s), number)
        with database.sessions() as s:
            made = back_up(database, _admin(s))
        with database.session() as s:
            if not erase_first:
                erase_borrower(s, _admin(s), number)
            s.scalar(select(Borrower).where(Borrower.id != bid).limit(1)).employer = MARK
    finally:
        database.close()
    return made.path, bid, number, name, note


def _reapplied(s) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return list(
        s.scalars(select(AuditEntry).where(AuditEntry.action == "borrower.erasure_reapplied"))
    )


def test_a_backup_made_before_an_erasure_is_erased_again(demo_path: Path) -> None:
    backup, bid, number, name, note = _office(demo_path)
    database = open_database(demo_path, TEST_KEY)
    try:
        assert [e.borrower_no for e in erased_since(database, backup, TEST_KEY)] == [number]
        with database.sessions() as s:
            at = s.get(BorrowerErasure, bid).erased_at
    finally:
        database.close()
    result = restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert result.reerased == (number,)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            borrower = s.get(Borrower, bid)
            assert (borrower.name, borrower.national_id, borrower.phones) == (ERASED_NAME, "", [])
            assert s.scalar(select(func.count()).where(Borrower.name == name)) == 0
            erased = s.get(BorrowerErasure, bid)
            assert erased.erased_at == at and erased.erased_by_id == _admin(s).id
            assert s.get(BorrowerKey, bid) is None
            sealed = s.get(AuditEntry, note)
            assert open_changes(s, sealed.changes, "en")["person"] == "(erased)"
            [entry] = _reapplied(s)
            assert entry.entity_id == number and entry.user_id == _admin(s).id
            assert entry.changes["erased_by"] == "admin"
            assert entry.changes["erased_at"] == at.isoformat()
            restored_entry = s.scalar(
                select(AuditEntry).where(AuditEntry.action == "database.restore")
            )
            assert restored_entry.id < entry.id  # the restore's entry, then the erasure again
            assert s.scalar(select(func.count()).where(Borrower.employer == MARK)) == 0
            # The note on their case stays, its text blanked again.
            assert s.scalars(select(CaseNote.text).where(CaseNote.text == CASE_NOTE)).all() == []
            assert s.scalar(select(func.count()).where(CaseNote.text == "")) == 1
            check = verify_database(database, _admin(s))
        assert check.ok, check
        # The restored office has the erasure: restoring its own backup erases nothing again.
        assert erased_since(database, backup, TEST_KEY)  # the old backup still lacks it
    finally:
        database.close()


def test_a_backup_that_has_the_erasure_is_left_as_it_is(demo_path: Path) -> None:
    backup, bid, number, _name, _note = _office(demo_path, erase_first=True)
    database = open_database(demo_path, TEST_KEY)
    try:
        assert erased_since(database, backup, TEST_KEY) == []
        with database.sessions() as s:
            at = s.get(BorrowerErasure, bid).erased_at
    finally:
        database.close()
    result = restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert result.reerased == ()
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.get(BorrowerErasure, bid).erased_at == at
            assert _reapplied(s) == []
            assert verify_database(database, _admin(s)).ok
    finally:
        database.close()


def test_another_borrower_under_the_same_id_is_not_erased(demo_path: Path) -> None:
    """The numbers must match: the same id in another office's backup is someone else."""
    backup, bid, number, name, _note = _office(demo_path)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:  # as if the borrower of that id were another office's
            s.get(Borrower, bid).borrower_no = "X" + number[1:]
        assert erased_since(database, backup, TEST_KEY) == []
    finally:
        database.close()
    result = restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert result.reerased == ()
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.get(Borrower, bid).name == name
            assert s.get(BorrowerErasure, bid) is None
    finally:
        database.close()


def test_a_failure_while_erasing_again_leaves_the_office_as_it_was(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, bid, _number, name, _note = _office(demo_path)
    real = erasure_restore.reapply

    def fails_after(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)  # the erasure made again in the copy, then the disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.restore.reapply", fails_after)
    with pytest.raises(OSError):
        restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert not list(demo_path.parent.glob(f".{demo_path.name}.restore-*"))
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:  # the office as it was: the change kept, erased still
            assert s.scalar(select(func.count()).where(Borrower.employer == MARK)) == 1
            assert s.get(Borrower, bid).name == ERASED_NAME
            assert s.scalar(select(func.count()).where(Borrower.name == name)) == 0
            assert 0 == s.scalar(
                select(func.count()).where(AuditEntry.action == "database.restore")
            )
            assert verify_database(database, _admin(s)).ok
    finally:
        database.close()
