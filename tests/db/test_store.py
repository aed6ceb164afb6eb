"""The encrypted store: encryption at rest, PRAGMAs, and clean refusals that change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import DatabaseError
from db import keystore
from db.engine import BUSY_TIMEOUT_MS
from db.migrate import backup_copy, current_revision, head_revision
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.helpers import SQLITE_MAGIC, file_hash, raw_connect, side_files

WRONG_KEY = "f" * 64


def test_file_is_encrypted(db, template_db: Path) -> None:
    for path in (db.path, template_db):
        head = path.read_bytes()[:16]
        assert head != SQLITE_MAGIC
        assert not head.startswith(b"SQLite format 3")


def test_pragmas_hold_on_every_pooled_connection(db) -> None:
    """Several connections checked out at once, then fresh ones after the pool is emptied."""
    for _round in range(2):
        conns = [db.engine.connect() for _ in range(3)]
        try:
            for conn in conns:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
                assert busy == BUSY_TIMEOUT_MS and busy > 0
        finally:
            for conn in conns:
                conn.close()
        db.engine.dispose()


def test_foreign_keys_are_enforced(db) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as session:
        session.execute(
            text(
                "INSERT INTO phone (borrower_id, number, kind, is_primary, valid) "
                "VALUES (999999, '13800000000', 'mobile', 1, 1)"
            )
        )


def test_wrong_key_is_refused_and_changes_nothing(template_db: Path, tmp_path: Path) -> None:
    path = shutil.copyfile(template_db, tmp_path / "c.db")
    before = file_hash(path)
    with pytest.raises(DatabaseError) as caught:
        open_database(path, WRONG_KEY)
    message = str(caught.value)
    assert "wrong key" in message and "not a Casedesk database" in message
    assert file_hash(path) == before
    assert side_files(path) == []


def test_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = file_hash(path)
    with pytest.raises(DatabaseError, match="unencrypted SQLite database, not a Casedesk"):
        open_database(path, TEST_KEY)
    assert file_hash(path) == before


def test_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "casedesk.db"
    with pytest.raises(DatabaseError, match="No database at"):
        open_database(path, TEST_KEY)
    assert not path.exists()
    assert not path.parent.exists()


def test_a_missing_or_empty_file_is_said_before_any_key_is_asked(tmp_path: Path) -> None:
    def ask_key() -> str:
        raise AssertionError("a key was asked for a file that cannot be a database")

    with pytest.raises(DatabaseError, match="No database at"):
        open_database(tmp_path / "missing.db", ask_key=ask_key)
    with pytest.raises(DatabaseError, match="No database at"):
        open_database(tmp_path, ask_key=ask_key)  # a folder
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(DatabaseError, match="an empty file, not a Casedesk database"):
        open_database(empty, ask_key=ask_key)
    with pytest.raises(DatabaseError, match="an empty file"):
        open_database(empty, TEST_KEY)  # with a key at hand too: SQLCipher would fill it
    assert empty.stat().st_size == 0 and not (tmp_path / "missing.db").exists()


def test_newer_schema_is_refused_and_changes_nothing(template_db: Path, tmp_path: Path) -> None:
    path = shutil.copyfile(template_db, tmp_path / "future.db")
    conn = raw_connect(path, TEST_KEY)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = file_hash(path)
    with pytest.raises(DatabaseError) as caught:
        open_database(path, TEST_KEY)
    assert "newer Casedesk" in str(caught.value)
    assert "9999_from_the_future" in str(caught.value)
    assert file_hash(path) == before
    assert list(tmp_path.glob("*.bak")) == []


def test_non_casedesk_database_with_the_right_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = raw_connect(path, TEST_KEY)
    conn.execute("PRAGMA journal_mode = WAL")  # opening switches a rollback-journal file to WAL
    conn.execute("CREATE TABLE something_else (x INTEGER)")
    conn.close()
    before = file_hash(path)
    with pytest.raises(DatabaseError, match="not a Casedesk database"):
        open_database(path, TEST_KEY)
    assert file_hash(path) == before


def test_create_makes_a_database_at_head(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new" / "c.db", TEST_KEY, create=True)
    try:
        assert current_revision(database.engine) == head_revision()
        assert database.backup_before_upgrade is None
    finally:
        database.close()


def test_backup_copy_is_encrypted_and_opens_with_the_same_key(db, tmp_path: Path) -> None:
    with db.session() as session:
        session.execute(
            text(
                "INSERT INTO setting (key, value, updated_at) "
                "VALUES ('probe', '\"kept\"', '2025-01-01 00:00:00')"
            )
        )
    target = backup_copy(db.engine, tmp_path / "copy" / "c.db.bak")
    assert target.read_bytes()[:16] != SQLITE_MAGIC
    with pytest.raises(DatabaseError, match="wrong key"):
        open_database(target, WRONG_KEY, upgrade=False)
    copy = open_database(target, TEST_KEY, upgrade=False)
    try:
        with copy.engine.connect() as conn:
            value = conn.execute(text("SELECT value FROM setting WHERE key='probe'")).scalar()
        assert value == '"kept"'
        assert current_revision(copy.engine) == head_revision()
    finally:
        copy.close()
    with pytest.raises(DatabaseError, match="already at"):
        backup_copy(db.engine, target)


def test_recovery_key_round_trip() -> None:
    key = keystore.generate_key()
    recovery = keystore.recovery_key(key)
    assert recovery.count("-") == 15 and recovery == recovery.upper()
    assert keystore.parse_key(recovery) == key
    assert keystore.parse_key(recovery.lower().replace("-", " ")) == key
    with pytest.raises(DatabaseError, match="64 hexadecimal"):
        keystore.parse_key("not-a-key")


def test_key_comes_from_env_then_keychain_then_the_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "k.db"
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    with pytest.raises(DatabaseError, match="No key for"):
        keystore.resolve_key(path)
    assert keystore.resolve_key(path, lambda: keystore.recovery_key(TEST_KEY)) == TEST_KEY
    other = keystore.generate_key()
    assert keystore.store_in_keychain(path, other)
    assert keystore.resolve_key(path, lambda: TEST_KEY) == other
    monkeypatch.setenv("CASEDESK_DB_KEY", keystore.recovery_key(TEST_KEY))
    assert keystore.resolve_key(path) == TEST_KEY


def test_a_recovery_key_typed_once_is_kept_in_the_keychain(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new workstation: no key in the environment or the keychain, so the user types the
    recovery key; once it has opened the file it is kept, and the next start does not ask."""
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = shutil.copyfile(template_db, tmp_path / "moved.db")
    asked: list[str] = []

    def ask(answer: str) -> str:
        asked.append(answer)
        return answer

    with pytest.raises(DatabaseError):  # a wrong key opens nothing and is not kept
        open_database(path, ask_key=lambda: ask(WRONG_KEY))
    assert keystore.key_from_keychain(path) is None
    open_database(path, ask_key=lambda: ask(keystore.recovery_key(TEST_KEY))).close()
    assert keystore.key_from_keychain(path) == TEST_KEY

    def never() -> str:
        raise AssertionError("asked again for a key kept in the keychain")

    open_database(path, ask_key=never).close()
    assert asked == [WRONG_KEY, keystore.recovery_key(TEST_KEY)]
