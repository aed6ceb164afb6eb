"""A new recovery key for an admin who lost the sheet (app/recovery_key.py), on a real SQLCipher
file: the old key no longer opens the office and the new one does, the audit chain still verifies
(re-sealed), the replacement is audited without any key, backups made before keep the old key;
a wrong password, a supervisor or a broken audit trail change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.audit import verify_chain
from app.backups import back_up
from app.errors import AuthenticationError, DatabaseError, PermissionDenied, WrongKey
from app.models import AuditEntry, User
from app.recovery_key import reopen, replace_recovery_key
from db import keystore
from db.backup import key_is_wrong, verify_backup
from db.sqlcipher import raw_connect
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    database = open_database(demo_path, TEST_KEY)
    yield database
    database.close()


def _opens(path: Path, key: str) -> bool:
    try:
        raw_connect(path, key).close()
    except WrongKey:
        return False
    return True


def test_the_old_key_no_longer_opens_the_office_and_the_new_one_does(office) -> None:
    with office.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
    before = back_up(office, admin).path  # made with the old key
    made = replace_recovery_key(office, "admin", "demo")
    assert made.key != TEST_KEY and made.kept and not made.environment
    assert keystore.parse_key(made.recovery) == made.key
    assert not _opens(office.path, TEST_KEY)
    assert _opens(office.path, made.key)
    assert keystore.key_from_keychain(office.path) == made.key
    # Opened afresh, as at the next start: the keychain's key, the chain whole and re-sealed.
    fresh = open_database(office.path)
    try:
        with fresh.sessions() as session:
            assert verify_chain(session).intact
            last = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
            assert last.action == "database.recovery_key"
            assert last.changes == {"by": "admin", "resealed": made.resealed}
            assert made.resealed == session.scalar(select(text("count(*) - 1 FROM audit_entry")))
            stored = " ".join(str(v) for v in session.execute(text("SELECT * FROM audit_entry")))
        for key in (TEST_KEY, made.key):  # no key kept in the trail, in any form
            assert key not in stored.lower() and keystore.recovery_key(key) not in stored
    finally:
        fresh.close()
    # A backup made before keeps the old key: only the old one opens it.
    assert key_is_wrong(before, made.key)
    assert verify_backup(before, TEST_KEY).ok
    # The window's handle, reopened with the new key, writes again.
    reopen(office, made.key)
    with office.session() as session:
        session.execute(text("UPDATE borrower SET employer = 'after' WHERE id = 1"))


def test_a_wrong_password_changes_nothing(office) -> None:
    with pytest.raises(AuthenticationError) as raised:
        replace_recovery_key(office, "admin", "not-the-password")
    assert raised.value.msgid == "Wrong password."
    office.close()
    assert _opens(office.path, TEST_KEY)
    assert not list(office.path.parent.glob(f".{office.path.name}.rekey-*"))
    assert keystore.key_from_keychain(office.path) is None  # nothing new kept


def test_a_supervisor_may_not(office) -> None:
    with pytest.raises(PermissionDenied):
        replace_recovery_key(office, "supervisor", "demo")
    assert _opens(office.path, TEST_KEY)


def test_a_broken_audit_trail_is_not_re_sealed(office) -> None:
    with office.session() as session:  # an entry added by hand, outside the chain
        session.execute(
            text(
                "INSERT INTO audit_entry (at, user_id, action, entity, entity_id, changes, "
                "prev_hash, hash) VALUES ('2026-01-01 00:00:00', NULL, 'x', 'x', '1', NULL, "
                "'0', '0')"
            )
        )
    chain = text("SELECT id, hash FROM audit_entry ORDER BY id")
    with office.sessions() as session:
        before = session.execute(chain).all()
    with pytest.raises(DatabaseError) as raised:
        replace_recovery_key(office, "admin", "demo")
    assert "Nothing was changed" in raised.value.translated("en")
    with office.sessions() as session:  # the trail as it was (a login may add to its end)
        assert session.execute(chain).all()[: len(before)] == before
        assert not session.scalar(
            select(text("count(*) FROM audit_entry WHERE action = 'database.recovery_key'"))
        )
    assert _opens(office.path, TEST_KEY)
    assert not list(office.path.parent.glob(f".{office.path.name}.rekey-*"))


class _Stopped(BaseException):
    """The process stopping (power cut, kill) at a chosen point."""


def test_a_stop_between_the_swap_and_the_keychain_loses_no_key(office, monkeypatch) -> None:
    """The file is re-encrypted, the keychain not yet told: the new key, kept beside the old one
    before the swap, opens the office at the next start and takes the old one's place."""
    import app.recovery_key as module

    def stop(*_args: object) -> bool:
        raise _Stopped

    assert keystore.store_in_keychain(office.path, TEST_KEY)  # as a workstation keeps it
    monkeypatch.setattr(module, "store_in_keychain", stop)
    with pytest.raises(_Stopped):
        replace_recovery_key(office, "admin", "demo")
    monkeypatch.undo()
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    assert not _opens(office.path, TEST_KEY)  # swapped in under the new key
    assert keystore.key_from_keychain(office.path) == TEST_KEY  # the old one still kept
    new = keystore.pending_key(office.path)
    assert new is not None and _opens(office.path, new)
    fresh = open_database(office.path)  # as at the next start: the keychain's keys
    try:
        assert fresh.key == new
        with fresh.sessions() as session:
            assert verify_chain(session).intact
    finally:
        fresh.close()
    assert keystore.key_from_keychain(office.path) == new
    assert keystore.pending_key(office.path) is None


def test_a_failed_swap_leaves_the_old_key_alone(office, monkeypatch) -> None:
    import app.recovery_key as module

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "replace_file", refuse)
    with pytest.raises(OSError):
        replace_recovery_key(office, "admin", "demo")
    assert _opens(office.path, TEST_KEY)
    assert keystore.pending_key(office.path) is None
