"""Windows refuses to rename over or remove a file another handle holds open ([WinError 32], or 5
for a rename over it), where Linux and macOS let it be done. Simulated here the way Windows says
it: a moment's hold (an antivirus scan) is waited out; a lasting one (a viewer, Excel, a backup
program) is said in one translated line naming the file, and nothing is left half done."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import held_files
from app.auth import authenticate
from app.backups import back_up
from app.errors import DatabaseError, os_reason
from app.models import Borrower, User
from app.outfile import partial_of, written_whole
from app.recovery_key import replace_recovery_key
from app.restore import restore
from db import keystore
from db.backup import Manifest, manifest_path, replace_file
from db.backup_files import backup_name, list_backups, rotate
from db.sqlcipher import check_path, raw_connect
from db.store import open_database
from tests.conftest import TEST_KEY

MARK = "changed after the backup"
DB = Path("office.db")
HELD = "The process cannot access the file because it is being used by another process"


def windows_error(path: Path | str, winerror: int = 32) -> PermissionError:
    error = PermissionError(errno.EACCES, HELD, str(path))
    error.winerror = winerror  # type: ignore[attr-defined,misc,unused-ignore]
    return error


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(held_files, "_sleep", waits.append)
    return waits


def hold(
    monkeypatch: pytest.MonkeyPatch, name: str, times: int | None = None, call: str = "replace"
) -> list[str]:
    """Make os.<call> fail on the file named `name` (its target for a rename) as Windows does
    while another program holds it: `times` times, or always."""
    real: Callable[..., None] = getattr(os, call)
    refused: list[str] = []

    def held(*args: object, **kwargs: object) -> None:
        target = Path(str(args[-1]))
        if target.name == name and (times is None or len(refused) < times):
            refused.append(str(target))
            raise windows_error(target)
        real(*args, **kwargs)

    monkeypatch.setattr(os, call, held)
    return refused


def test_the_reasons_say_the_file_is_open_in_another_program() -> None:
    held = windows_error("C:\\报告\\compliance.pdf")
    assert os_reason(held, "en") == "it is open in another program; close it there and try again"
    assert os_reason(held, "zh_CN") == "另一个程序正打开着它；请在那个程序中关闭后重试"
    denied = windows_error("C:\\x.pdf", winerror=5)
    assert os_reason(denied, "en") == "permission denied, or it is open in another program"
    plain = PermissionError(errno.EACCES, "Permission denied", "/x.pdf")  # Linux, macOS
    assert os_reason(plain, "en") == "permission denied"


def test_a_swap_refused_leaves_the_database_and_its_wal_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path, prepared = tmp_path / "casedesk.db", tmp_path / ".casedesk.db.restore-1.partial"
    db_path.write_bytes(b"the office")
    Path(f"{db_path}-wal").write_bytes(b"its last transactions")
    prepared.write_bytes(b"the backup")
    refused = hold(monkeypatch, "casedesk.db")
    with pytest.raises(DatabaseError) as raised:
        replace_file(prepared, db_path)
    assert len(refused) == len(held_files.RETRY_DELAYS) + 1  # waited a moment, then said so
    assert str(raised.value) == (
        f"Cannot replace {db_path}: another program has it open (another Casedesk, a backup or "
        "antivirus program). Close it and try again; the database was not changed."
    )
    assert db_path.read_bytes() == b"the office"
    assert Path(f"{db_path}-wal").read_bytes() == b"its last transactions"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["casedesk.db", "casedesk.db-wal", ".casedesk.db.restore-1.partial"]
    )


def test_a_swap_held_a_moment_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    db_path, prepared = tmp_path / "casedesk.db", tmp_path / "prepared"
    db_path.write_bytes(b"the office")
    Path(f"{db_path}-wal").write_bytes(b"stale")
    prepared.write_bytes(b"the backup")
    hold(monkeypatch, "casedesk.db", times=2)  # an antivirus scan
    replace_file(prepared, db_path)
    assert db_path.read_bytes() == b"the backup"
    assert no_waiting == list(held_files.RETRY_DELAYS[:2])
    assert [p.name for p in tmp_path.iterdir()] == ["casedesk.db"]  # no WAL, nothing aside


def _login(database):  # type: ignore[no-untyped-def]
    return authenticate(database.sessions, "admin", "demo")


def test_a_restore_over_a_database_held_open_changes_nothing(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as session:
            admin = session.scalar(select(User).where(User.username == "admin"))
        backup = back_up(database, admin).path
        with database.session() as session:
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
    finally:
        database.close()
    hold(monkeypatch, demo_path.name)
    with pytest.raises(DatabaseError) as raised:
        restore(demo_path, backup, TEST_KEY, yes=True, login=_login)
    assert raised.value.translated("zh_CN").startswith(
        f"无法替换 {demo_path}：另一个程序正打开着它"
    )
    monkeypatch.undo()
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            sql = text("SELECT count(*) FROM borrower WHERE employer = :m")
            assert conn.execute(sql, {"m": MARK}).scalar_one() == 1  # still the current data
    finally:
        database.close()
    assert not list(demo_path.parent.glob("*.partial*"))
    assert not list(demo_path.parent.glob("*.stale"))


def test_a_new_recovery_key_over_a_database_held_open_keeps_the_old_key(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    database = open_database(demo_path, TEST_KEY)
    hold(monkeypatch, demo_path.name)
    try:
        with pytest.raises(DatabaseError) as raised:
            replace_recovery_key(database, "admin", "demo")
    finally:
        database.close()
    assert str(raised.value).startswith(f"Cannot replace {demo_path}: another program has it")
    raw_connect(demo_path, TEST_KEY).close()  # the old key still opens it
    assert keystore.key_from_keychain(demo_path) in (None, TEST_KEY)  # no new key kept
    assert not list(demo_path.parent.glob(".*.partial*"))


def test_rotation_keeps_a_backup_held_open_and_removes_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = dt.datetime(2026, 6, 10, 15, 0, tzinfo=dt.UTC)
    made = []
    for days in (30, 31, 32):  # old enough to go
        when = now - dt.timedelta(days=days)
        path = tmp_path / backup_name(DB, when, "scheduled")
        path.write_bytes(b"x")
        manifest = Manifest(
            created_at=when.isoformat(),
            revision="r",
            counts={},
            kind="scheduled",
            source=str(DB.absolute()),
        )
        manifest_path(path).write_text(manifest.to_json(), "utf-8")
        made.append(path)
    hold(monkeypatch, made[1].name, call="unlink")  # open in another program
    removed = rotate(tmp_path, DB, daily=1, weekly=0, monthly=0, now=now)
    assert removed == [made[2]]  # the oldest; the next one is still open elsewhere
    assert [b.path for b in list_backups(tmp_path, DB)] == made[:2]  # kept, manifest and all
    assert manifest_path(made[1]).exists()


def test_a_file_held_open_is_not_written_over_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "compliance 10_30.pdf"
    target.write_bytes(b"last month's, open in a PDF viewer")
    hold(monkeypatch, target.name)
    with pytest.raises(OSError) as raised, written_whole(target) as partial:
        partial.write_bytes(b"this month's")
    assert raised.value.filename == str(target)  # the file the user named, not the partial
    assert os_reason(raised.value) == "it is open in another program; close it there and try again"
    assert target.read_bytes() == b"last month's, open in a PDF viewer"
    assert not partial_of(target).exists()
    monkeypatch.undo()
    hold(monkeypatch, target.name, times=3)  # a scan of last month's file: waited out
    with written_whole(target) as partial:
        partial.write_bytes(b"this month's")
    assert target.read_bytes() == b"this month's"


def test_a_folder_name_with_spaces_hash_percent_and_chinese_opens(
    demo_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "张 伟" / "催收#1 100% 资料"  # "#" and "%" mean something in a URI
    folder.mkdir(parents=True)
    moved = folder / "casedesk.db"
    os.replace(demo_path, moved)
    conn = raw_connect(moved, TEST_KEY, existing=True)  # file:///…?mode=rw
    try:
        assert conn.execute("SELECT count(*) FROM borrower").fetchone()[0] > 0
    finally:
        conn.close()
    assert sorted(p.name for p in folder.iterdir()) == ["casedesk.db"]  # no second file made


def test_a_network_share_is_refused_before_its_path_is_made_a_uri(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as raised:
        check_path(Path("//server/share/催收/casedesk.db"), must_exist=True)
    assert "network" in str(raised.value)
