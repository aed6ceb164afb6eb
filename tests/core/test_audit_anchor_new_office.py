"""A new office made where another one was (its file deleted, or moved aside by `demo --force`)
is not the old office cut short: the workstation's anchor and the old office's backups, kept for
the same path, used to make every verify of the new one report "Audit trail cut short", for good.
Entries removed from the new office's own end are still noticed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from app import audit
from app.audit_anchor import verify_trail, workstation_anchor
from app.backups import back_up
from app.models import User
from app.setup import create_office_database
from db.store import open_database

pytestmark = pytest.mark.sqlite_only  # makes and deletes office files
KEYS = ("1" * 64, "2" * 64)  # each new office has its own key


def _office(path: Path, key: str, steps: int) -> None:
    """A new office at `path` with `steps` entries after its creation, verified (anchored) and
    backed up, as a working office is."""
    create_office_database(
        path, key, office="Office", admin="admin", password="Pw-admin-2026", currency="CNY",
        timezone="Asia/Shanghai", jurisdiction="cn",
    )  # fmt: skip
    database = open_database(path, key)
    try:
        with database.session() as session:
            admin = session.scalar(select(User).where(User.username == "admin"))
            for n in range(steps):
                audit.record(session, admin, "test.step", "thing", n, {"n": n})
        with database.sessions() as session:
            assert verify_trail(session, path).ok
        back_up(database, admin)
    finally:
        database.close()


def _verify(path: Path, key: str):  # type: ignore[no-untyped-def]
    database = open_database(path, key)
    try:
        with database.sessions() as session:
            return verify_trail(session, path)
    finally:
        database.close()


def test_a_new_office_where_one_was_deleted_verifies_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "office.db"
    _office(path, KEYS[0], steps=30)  # a long chain, anchored and backed up
    old = workstation_anchor(path)
    assert old is not None
    for leftover in path.parent.glob("office.db*"):
        os.unlink(leftover)
    create_office_database(
        path, KEYS[1], office="New", admin="admin", password="Pw-admin-2026", currency="CNY",
        timezone="Asia/Shanghai", jurisdiction="cn",
    )  # fmt: skip
    new = workstation_anchor(path)
    assert new is not None and new.entry_id < old.entry_id  # anchored at its own head
    found = _verify(path, KEYS[1])
    assert found.ok and found.missing is None, found.words("en")


def test_entries_cut_from_the_new_offices_end_are_still_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "office.db"
    _office(path, KEYS[0], steps=3)
    for leftover in path.parent.glob("office.db*"):
        os.unlink(leftover)
    _office(path, KEYS[1], steps=6)  # verified and backed up: its own anchors
    conn = sqlcipher.connect(str(path), isolation_level=None)  # someone with the key, a shell
    conn.execute(f"PRAGMA key = \"x'{KEYS[1]}'\"")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("DELETE FROM audit_entry WHERE id > (SELECT max(id) - 2 FROM audit_entry)")
    conn.close()
    found = _verify(path, KEYS[1])
    assert not found.ok and found.missing is not None
