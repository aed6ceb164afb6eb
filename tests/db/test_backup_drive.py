"""QA: a backup folder on a drive that is not plugged in (/Volumes/USB-BACKUP/casedesk) was
accepted, and the first backup made it with all its missing parents on the system disk, where
the backups then landed. Now such a folder is refused when it is saved and when a backup runs
(by hand, on schedule, before a restore), and nothing is written; the last level is still made
inside a folder that is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app import settings
from app.auth import authenticate
from app.backups import back_up, backup_if_due, configure
from app.errors import CasedeskError, ValidationError
from app.i18n import set_language
from app.models import User
from app.office_settings import FieldError, SettingsChange, save_settings
from app.restore import restore
from db.store import open_database
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.sqlite_only  # backups are file copies of the SQLCipher database


def _admin(database) -> User:
    with database.sessions() as session:
        return session.scalar(select(User).where(User.username == "admin"))


@pytest.fixture
def unplugged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """/Volumes/USB-BACKUP/casedesk with no USB-BACKUP in /Volumes."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    (tmp_path / "Volumes").mkdir()
    return tmp_path / "Volumes" / "USB-BACKUP" / "casedesk"


def _stored(database, folder: Path) -> None:
    """The folder as an office kept it while the drive was plugged in (or an older Casedesk)."""
    with database.session() as session:
        settings.put(session, _admin(database), "backup.folder", str(folder))


def test_a_folder_on_a_missing_drive_is_refused_when_saved(demo_db, unplugged: Path) -> None:
    admin = _admin(demo_db)
    with pytest.raises(ValidationError) as refused:
        with demo_db.session() as session:
            configure(session, admin, folder=str(unplugged))
    assert str(refused.value) == (
        f"The folder {unplugged.parent} is not there (is the drive plugged in?). Choose a backup "
        "folder that is there, or one to be made inside a folder that is."
    )
    with pytest.raises(FieldError) as refused:  # the Settings dialog's door: under its field
        with demo_db.session() as session:
            save_settings(session, admin, SettingsChange(values={"backup.folder": str(unplugged)}))
    assert refused.value.field == "backup.folder" and "is not there" in str(refused.value)
    set_language("zh_CN")
    try:
        assert refused.value.translated().startswith(f"文件夹 {unplugged.parent} 不存在")
    finally:
        set_language(None)
    with demo_db.sessions() as session:
        assert settings.get(session, "backup.folder") is None
    assert not unplugged.parent.exists()


def test_the_last_level_is_still_made_inside_a_folder_that_is_there(
    demo_db, unplugged: Path
) -> None:
    unplugged.parent.mkdir()  # the drive plugged in
    admin = _admin(demo_db)
    with demo_db.session() as session:
        configure(session, admin, folder=str(unplugged))
    made = back_up(demo_db, admin)
    assert made.path.parent == unplugged and made.path.is_file()


def test_a_backup_to_a_missing_drive_writes_nothing(demo_db, unplugged: Path) -> None:
    _stored(demo_db, unplugged)
    admin = _admin(demo_db)
    with pytest.raises(CasedeskError) as refused:
        back_up(demo_db, admin)
    assert str(refused.value) == (
        f"Cannot write the backup to {unplugged}: the folder {unplugged.parent} is not there "
        "(is the drive plugged in?). Nothing was written."
    )
    with pytest.raises(CasedeskError, match="is the drive plugged in"):
        backup_if_due(demo_db)  # the scheduled one (daily by default)
    assert not unplugged.parent.exists()
    assert list((unplugged.parents[1]).iterdir()) == []


def test_the_default_folder_is_still_made_with_its_parents(demo_db, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "new" / "home"))
    made = back_up(demo_db, _admin(demo_db))
    assert made.path.parent == tmp_path / "new" / "home" / "backups"


def test_a_restore_does_not_keep_the_database_on_a_missing_drive(
    demo_db, unplugged: Path, tmp_path: Path
) -> None:
    unplugged.parent.mkdir()
    admin = _admin(demo_db)
    with demo_db.session() as session:
        configure(session, admin, folder=str(unplugged))
    made = back_up(demo_db, admin).path
    kept = tmp_path / "kept.bak"
    made.rename(kept)
    for side in unplugged.iterdir():
        side.unlink()
    unplugged.rmdir()
    unplugged.parent.rmdir()  # the drive taken out
    with demo_db.session() as session:
        configure(session, admin, schedule="off")  # a change after the backup
    path = demo_db.path
    demo_db.close()
    with pytest.raises(CasedeskError) as refused:
        restore(
            path,
            kept,
            TEST_KEY,
            yes=True,
            login=lambda database: authenticate(database.sessions, "admin", "demo"),
        )
    assert "is the drive plugged in?" in str(refused.value)
    assert str(refused.value).endswith("Nothing was changed.")
    assert not unplugged.parent.exists()
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as session:
            assert settings.get(session, "backup.schedule") == "off"  # not restored over
    finally:
        database.close()
