"""Found by QA: when this computer's keychain held a key that does not open the file (a restore
copied from another computer, a new office made at the same path), opening said "wrong key or not
a Casedesk database" and stopped, with no way to give the recovery key the user had. Now the
core says it is the kept key (KeptKeyWrong), the caller asks the recovery key without it, and the
key that opens the file replaces the kept one; a wrong key in CASEDESK_DB_KEY stays the user's to
correct, and a file no key opens is said before any key is asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import DatabaseError, KeptKeyWrong, WrongKey
from db import keystore
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.helpers import file_hash

OTHER_KEY = "ab" * 32  # another computer's office at the same path


@pytest.fixture
def restored(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office whose path this computer's keychain remembers with another office's key."""
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    assert keystore.store_in_keychain(path, OTHER_KEY)
    return path


def test_the_kept_key_that_does_not_open_the_file_is_said_and_not_asked_over(
    restored: Path,
) -> None:
    asked: list[str] = []
    before = file_hash(restored)
    with pytest.raises(KeptKeyWrong) as refused:
        open_database(restored, ask_key=lambda: asked.append("asked") or TEST_KEY)
    message = str(refused.value)
    assert "The key this computer kept for" in message and str(restored) in message
    assert "recovery key" in message and "CASEDESK_DB_KEY" in message
    assert asked == []  # the caller asks, saying why
    assert keystore.key_from_keychain(restored) == OTHER_KEY
    assert file_hash(restored) == before


def test_the_recovery_key_asked_instead_opens_and_replaces_the_kept_key(restored: Path) -> None:
    asked: list[str] = []

    def ask() -> str:
        asked.append("asked")
        return keystore.recovery_key(TEST_KEY)

    database = open_database(restored, ask_key=ask, keychain=False)
    try:
        assert asked == ["asked"]
        assert database.key == TEST_KEY
    finally:
        database.close()
    assert keystore.key_from_keychain(restored) == TEST_KEY
    open_database(restored).close()  # the next start opens it from the keychain


def test_cancel_or_a_wrong_recovery_key_leaves_the_kept_key_as_it_was(restored: Path) -> None:
    with pytest.raises(DatabaseError, match="No key for") as cancelled:
        open_database(restored, ask_key=lambda: None, keychain=False)
    assert not isinstance(cancelled.value, WrongKey)
    with pytest.raises(WrongKey, match="wrong key or not a Casedesk database") as wrong:
        open_database(restored, ask_key=lambda: "00" * 32, keychain=False)
    assert not isinstance(wrong.value, KeptKeyWrong)
    assert keystore.key_from_keychain(restored) == OTHER_KEY


def test_a_wrong_key_in_the_environment_says_to_correct_or_unset_it(
    restored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with the right key kept: the environment's comes first, and is the user's own."""
    keystore.store_in_keychain(restored, TEST_KEY)
    monkeypatch.setenv("CASEDESK_DB_KEY", OTHER_KEY)
    asked: list[str] = []
    with pytest.raises(WrongKey) as refused:
        open_database(restored, ask_key=lambda: asked.append("asked") or TEST_KEY)
    assert not isinstance(refused.value, KeptKeyWrong)
    message = str(refused.value)
    assert "CASEDESK_DB_KEY does not open" in message and "unset it" in message
    assert asked == []
    assert keystore.key_from_keychain(restored) == TEST_KEY


def test_a_plain_sqlite_file_is_said_before_any_key_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    asked: list[str] = []
    with pytest.raises(DatabaseError, match="not a Casedesk database: no key opens it") as said:
        open_database(path, ask_key=lambda: asked.append("asked") or TEST_KEY)
    assert not isinstance(said.value, WrongKey)  # the window does not ask again
    assert asked == []
