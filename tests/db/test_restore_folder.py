"""A restore whose folder for the database as it was cannot be made (a file where the folder should
be, no permission) is refused in one translated line naming the folder, and nothing is changed:
not the database, not the folder's files, no leftover copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.auth import authenticate
from app.backups import back_up
from app.errors import DatabaseError
from app.i18n import set_language
from app.models import Borrower, User
from app.restore import restore
from db.store import open_database
from tests.conftest import TEST_KEY

MARK = "changed after the backup"


def _login(database):
    return authenticate(database.sessions, "admin", "demo")


def _backup_then_change(demo_path: Path) -> Path:
    """A backup, then a change the restore would undo."""
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as session:
            admin = session.scalar(select(User).where(User.username == "admin"))
        made = back_up(database, admin)
        with database.session() as session:
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
    finally:
        database.close()
    return made.path


def _marked(path: Path) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            sql = text("SELECT count(*) FROM borrower WHERE employer = :m")
            return int(conn.execute(sql, {"m": MARK}).scalar_one())
    finally:
        database.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_a_file_where_the_folder_should_be(demo_path: Path, tmp_path: Path, home) -> None:
    backup = _backup_then_change(demo_path)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file, not a folder")
    for folder in (a_file / "backups", a_file):  # under a file, and the file itself
        with pytest.raises(DatabaseError) as refused:
            restore(demo_path, backup, TEST_KEY, yes=True, login=_login, folder=folder)
        assert str(refused.value) == (
            f"Cannot keep the current database in {folder} before restoring: a part of the path "
            "is not a folder. Nothing was changed."
        )
        assert "\n" not in str(refused.value)
    set_language("zh_CN")  # the system's reason is put in the words of the language in use
    try:
        with pytest.raises(DatabaseError) as refused:
            restore(demo_path, backup, TEST_KEY, yes=True, login=_login, folder=a_file)
    finally:
        set_language(None)
    assert refused.value.translated("zh_CN") == (
        f"恢复前无法把当前数据库保存到 {a_file}：路径中有一部分不是文件夹。数据库没有任何改动。"
    )
    assert _marked(demo_path) == 1  # still the current data
    assert a_file.read_text() == "a file, not a folder"
    assert not list(demo_path.parent.glob(".demo.db.restore-*"))


def test_a_damaged_database_whose_folder_cannot_be_made(
    demo_path: Path, tmp_path: Path, home
) -> None:
    backup = _backup_then_change(demo_path)
    raw = bytearray(demo_path.read_bytes())
    raw[4096 : 4096 * 40] = b"\xff" * (4096 * 39)
    demo_path.write_bytes(bytes(raw))
    before = demo_path.read_bytes()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(DatabaseError, match="Cannot keep the current database in .*notes.txt"):
        restore(demo_path, backup, TEST_KEY, yes=True, login=_login, folder=a_file / "kept")
    assert demo_path.read_bytes() == before  # the damaged file is left for another try
    assert not list(demo_path.parent.glob(".demo.db.restore-*"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_without_permission(demo_path: Path, tmp_path: Path, home) -> None:
    backup = _backup_then_change(demo_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(DatabaseError, match="permission denied"):
            restore(demo_path, backup, TEST_KEY, yes=True, login=_login, folder=locked / "b")
    finally:
        locked.chmod(0o700)
    assert _marked(demo_path) == 1
