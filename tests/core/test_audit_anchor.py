"""Entries removed from the END of the audit chain are noticed by verify, through the head kept
outside the database (the workstation's anchor file, each backup's manifest); a restore goes
back on purpose and raises no alarm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import func, select

from app import audit
from app.audit_anchor import anchors_path, verify_trail, workstation_anchor
from app.auth import authenticate
from app.backups import back_up, verify_database
from app.cli.main import main
from app.models import AuditEntry, User
from app.office import create_office
from app.restore import restore
from db.backup import read_manifest
from db.store import open_database
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.sqlite_only  # deletes rows with raw SQL in the file


@pytest.fixture
def office(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))  # its own anchors and backups
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        _steps(s, admin, range(5))
    return db


def _steps(session, user, numbers) -> None:
    for n in numbers:
        audit.record(session, user, "test.step", "thing", n, {"n": n})


def _admin(session) -> User:
    user = session.scalar(select(User).where(User.username == "admin"))
    assert user is not None
    return user


def _head(database) -> int:
    with database.sessions() as s:
        return int(s.scalar(select(func.max(AuditEntry.id))))


def _verify(database):
    with database.sessions() as s:
        return verify_trail(s, database.path)


def _cut_tail(path: Path, count: int) -> None:
    """What someone with the key and a SQLite shell could do: drop the guard, delete the end."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{TEST_KEY}'\"")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute(
        "DELETE FROM audit_entry WHERE id IN "
        f"(SELECT id FROM audit_entry ORDER BY id DESC LIMIT {count})"
    )
    conn.close()


def test_a_fresh_database_says_it_has_no_anchor_then_reaches_the_one_recorded(office) -> None:
    first = _verify(office)
    assert first.ok and first.reaches is None
    assert "No head of this chain was recorded before" in first.words()
    anchored = workstation_anchor(office.path)
    assert anchored is not None and anchored.entry_id == _head(office)
    with office.session() as s:
        _steps(s, _admin(s), range(5, 8))  # the normal flow: more entries after the anchor
    again = _verify(office)
    assert again.ok and again.reaches is not None
    assert again.reaches.entry_id == anchored.entry_id
    words = again.words()
    assert words.startswith(f"Audit trail intact: {_head(office)} entries verified.")
    assert f"It reaches entry #{anchored.entry_id}, the head recorded on " in words
    assert "by this workstation (" in words
    assert workstation_anchor(office.path).entry_id == _head(office)  # moved on


def test_the_last_three_entries_deleted_are_reported_by_core_and_cli(
    office, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    assert _verify(office).ok
    head = _head(office)
    office.close()
    _cut_tail(office.path, 3)
    database = open_database(office.path, TEST_KEY)
    try:
        result = _verify(database)
        assert result.chain.intact  # what is left still links up
        assert not result.ok and result.missing is not None
        assert (result.missing.entry_id, result.last_id) == (head, head - 3)
        assert f"the chain no longer reaches entry #{head} recorded on " in result.words()
        assert f"entries after #{head - 3} are missing." in result.words()
        assert not verify_database(database, _admin_of(database)).ok  # `db verify` too
        assert workstation_anchor(office.path).entry_id == head  # the evidence is kept
    finally:
        database.close()

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(office.path)]) == 4
    said = capsys.readouterr().err
    assert f"no longer reaches entry #{head}" in said and f"after #{head - 3} are missing" in said
    assert main(["--lang", "zh_CN", "audit", "verify", "--db", str(office.path)]) == 4
    assert f"第 {head - 3} 条之后的记录已缺失" in capsys.readouterr().err
    assert main(["audit", "verify", "--json", "--db", str(office.path)]) == 4
    found = json.loads(capsys.readouterr().out)
    assert found["intact"] is True and found["complete"] is False
    assert (found["anchor"]["entry_id"], found["missing_after"]) == (head, head - 3)


def _admin_of(database) -> User:
    return authenticate(database.sessions, "admin", "pw-admin")


def test_a_backup_manifest_anchors_the_chain_without_the_workstation_file(office) -> None:
    before = _head(office)
    made = back_up(office, _admin_of(office))  # the manifest records the head it copied
    assert made.manifest.audit_head is not None
    assert made.manifest.audit_head["id"] == before + 1  # the login, then the copy
    assert read_manifest(made.path).audit_head == made.manifest.audit_head
    anchors_path().unlink(missing_ok=True)  # no workstation anchor at all
    office.close()
    _cut_tail(office.path, 3)  # the backup's entry, the login before it and one more
    database = open_database(office.path, TEST_KEY)
    try:
        result = _verify(database)
    finally:
        database.close()
    assert not result.ok and result.missing is not None
    assert result.missing.where == "backup" and result.missing.entry_id == before + 1
    assert (
        f"by the backup {made.path.name}: entries after #{before - 1} are missing."
        in result.words()
    )


def test_restoring_an_older_backup_resets_the_anchor_and_raises_no_alarm(office) -> None:
    older = back_up(office, _admin_of(office))
    with office.session() as s:
        _steps(s, _admin(s), range(5, 12))
    back_up(office, _admin_of(office))  # a newer backup, with a longer chain
    assert _verify(office).ok
    anchored = workstation_anchor(office.path)
    assert anchored is not None and anchored.entry_id > older.manifest.audit_head["id"]
    office.close()
    restore(
        office.path,
        older.path,
        TEST_KEY,
        yes=True,
        login=lambda database: _admin_of(database),
    )
    database = open_database(office.path, TEST_KEY)
    try:
        with database.sessions() as s:
            entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "database.restore"
        assert entry.changes["anchor_was"] == anchored.entry_id  # audited
        reset = workstation_anchor(office.path)
        assert reset is not None and (reset.entry_id, reset.hash) == (entry.id, entry.hash)
        result = _verify(database)
        assert result.ok, result.words()
        assert result.reaches is not None and result.reaches.entry_id == entry.id
    finally:
        database.close()


def test_a_data_folder_that_cannot_be_written_is_said_not_claimed_recorded(
    office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("CASEDESK_HOME", str(blocker / "home"))  # under a file: mkdir fails
    check = _verify(office)
    assert check.ok and not check.recorded
    assert "the head is recorded now" not in check.words()
    assert "could not record it now" in check.words()
    assert not anchors_path().exists()


def test_a_backups_file_name_reads_apart_from_the_chinese_around_it() -> None:
    """In Chinese the backup's file name is set off as the workstation's name is (in brackets),
    not run into the next character ("由备份 x.bak记录")."""
    from app.audit import ChainCheck
    from app.audit_anchor import BACKUP, WORKSTATION, Anchor, TrailCheck

    when = "2026-03-02T02:10:00+00:00"
    backup = Anchor(29, "h", when, BACKUP, "casedesk-20260302-021000.bak")
    station = Anchor(29, "h", when, WORKSTATION, "front-desk")
    reached = TrailCheck(ChainCheck(30, None), "Asia/Shanghai", reaches=backup).words("zh_CN")
    assert "由备份（casedesk-20260302-021000.bak）记录的末条，即第 29 条" in reached
    cut = TrailCheck(ChainCheck(20, None), "Asia/Shanghai", missing=backup, last_id=20)
    assert "由备份（casedesk-20260302-021000.bak）记录的第 29 条" in cut.words("zh_CN")
    here = TrailCheck(ChainCheck(30, None), "Asia/Shanghai", reaches=station).words("zh_CN")
    assert "2026-03-02 10:10 由本工作站（front-desk）记录的末条" in here
    # A restore's entry names the workstation's old head by its number, not "(entry): 27".
    from app.i18n import tr

    label = tr("Audit head this workstation had recorded (entry)", "zh_CN")
    assert label == "本工作站此前记录的审计链末条编号"
