"""A backup that cannot be written where it was asked to go is refused in one line naming the
path, in the reader's language, before anything is copied; nothing is left half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.backups import back_up, configure
from app.errors import CasedeskError, DatabaseError, ValidationError
from app.i18n import set_language
from app.models import User
from db.backup_copy import copy_encrypted


def _admin(database) -> User:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        return session.scalar(select(User).where(User.username == "admin"))


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "notes.txt"
    path.parent.mkdir()
    path.write_text("a file, not a folder")
    return path


def test_a_named_file_in_a_missing_folder_or_under_a_file(demo_db, tmp_path, a_file) -> None:
    missing = tmp_path / "usb-not-plugged-in" / "office.bak"
    with pytest.raises(ValidationError) as refused:
        back_up(demo_db, _admin(demo_db), missing)
    assert str(refused.value) == (
        f"Cannot write the backup to {missing}: there is no folder {missing.parent}."
    )
    assert not missing.parent.exists()  # not made on the wrong disk
    under = a_file / "office.bak"
    with pytest.raises(ValidationError, match="there is no folder"):
        back_up(demo_db, _admin(demo_db), under)
    for deeper in (under, a_file / "sub" / "office.bak"):  # the file layer says the same
        with pytest.raises(DatabaseError) as refused:
            copy_encrypted(demo_db.engine, deeper)
        assert str(refused.value) == (
            f"Cannot write the backup to {deeper}: a part of the path is not a folder."
        )
    assert a_file.read_text() == "a file, not a folder"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_nobody_may_write_in(demo_db) -> None:
    """/proc refuses new files even to root: SQLite's "unable to open database" never shows."""
    target = Path("/proc/casedesk-test.bak")
    with pytest.raises(DatabaseError) as refused:
        back_up(demo_db, _admin(demo_db), target)
    assert str(refused.value) == f"Cannot write the backup to {target}: no such file or folder."
    set_language("zh_CN")
    try:
        with pytest.raises(DatabaseError) as refused:
            back_up(demo_db, _admin(demo_db), target)
        assert refused.value.translated() == f"无法将备份写入 {target}：文件或文件夹不存在。"
    finally:
        set_language(None)


def test_the_office_folder_under_a_file(demo_db, tmp_path, a_file, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    admin = _admin(demo_db)
    folder = a_file / "backups"
    with demo_db.session() as session:
        configure(session, admin, folder=str(folder))
    with pytest.raises(ValidationError) as refused:
        back_up(demo_db, admin)
    assert str(refused.value) == (
        f"Cannot write the backup to {folder}: a part of the path is not a folder."
    )
    later = a_file.parent / "later"
    with demo_db.session() as session:
        configure(session, admin, folder=str(later))
    later.write_text("the folder chosen, since replaced by a file")
    with pytest.raises(CasedeskError, match="is a file, not a folder"):
        back_up(demo_db, admin)
    assert sorted(p.name for p in a_file.parent.iterdir()) == ["later", "notes.txt"]
