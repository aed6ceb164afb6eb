"""QA pass I on a hostile workstation, in the window: a damaged workstation.json offers the
default database (or Quit) rather than exiting; the Backups dialog says a folder gone with its
drive cannot be reached, without "no backups yet"; a restore onto a full office disk names the
office's database; an export that cannot be written names the file chosen (en and zh_CN)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.backups import configure
from app.i18n import set_language
from app.i18n import tr as _
from app.models import User
from tests.ui.test_backups_dialog import back_up_now, dialog_for
from tests.ui.test_backups_dialog import database as database  # noqa: F401 (the fixture)
from tests.ui.test_queue import login
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui


@pytest.fixture
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    chosen = getattr(request, "param", "en")
    set_language(chosen)
    yield chosen
    set_language(None)


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    return folder


def _press(box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    next(b for b in box.buttons() if box.buttonRole(b) == role).click()


@pytest.mark.parametrize("lang", ["en", "zh_CN"], indirect=True)
def test_a_damaged_settings_file_offers_the_default_database(
    qtbot, qapp, config_home, lang: str, screenshot_dir: Path
) -> None:
    from app.paths import default_db_path
    from app.workstation import broken_copy, config_path, database_target
    from ui.app import start_target

    config_path().parent.mkdir(parents=True)
    config_path().write_bytes(b"")
    seen: dict[str, str] = {}

    def look(box: QMessageBox) -> None:
        seen["text"], seen["more"] = box.text(), box.informativeText()
        box.grab().save(str(screenshot_dir / f"settings_damaged_{lang}.png"))
        _press(box, QMessageBox.ButtonRole.RejectRole)

    stop = when_modal(QMessageBox, look)
    assert start_target(None) is None  # Quit: nothing changed
    stop()
    assert str(config_path()) in seen["text"] and str(default_db_path()) in seen["more"]
    assert config_path().read_bytes() == b"" and not broken_copy().exists()
    assert ("empty or damaged" if lang == "en" else "为空或已损坏") in seen["text"]
    assert "Expecting" not in seen["text"]

    stop = when_modal(QMessageBox, lambda box: _press(box, QMessageBox.ButtonRole.AcceptRole))
    assert start_target(None) == default_db_path()
    stop()
    assert broken_copy().read_bytes() == b"" and database_target() == default_db_path()


def test_a_settings_file_the_system_refuses_opens_the_default_this_time(
    qtbot, qapp, config_home
) -> None:
    from app.paths import default_db_path
    from app.workstation import config_path
    from ui.app import start_target

    config_path().mkdir(parents=True)  # a folder where the file should be: it cannot be read
    seen: dict[str, str] = {}

    def opened(box: QMessageBox) -> None:
        seen["more"] = box.informativeText()
        _press(box, QMessageBox.ButtonRole.AcceptRole)

    stop = when_modal(QMessageBox, opened)
    assert start_target(None) == default_db_path()
    stop()
    assert "left as it is" in seen["more"] and config_path().is_dir()


@pytest.mark.parametrize("lang", ["en", "zh_CN"], indirect=True)
def test_a_backup_folder_gone_with_its_drive_is_not_no_backups_yet(
    qtbot, database, tmp_path: Path, lang: str, screenshot_dir: Path
) -> None:
    folder = tmp_path / "USB" / "casedesk"
    folder.mkdir(parents=True)
    with database.session(write_lock=True) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        configure(session, admin, folder=str(folder))
    folder.rmdir()
    folder.parent.rmdir()
    dialog = dialog_for(qtbot, database)
    dialog.resize(1024, 640)
    QApplication.processEvents()
    assert not dialog.none.isVisibleTo(dialog)  # no "no backups yet … Back up now"
    assert dialog.warnings.isVisibleTo(dialog) and str(folder) in dialog.warnings.text()
    assert dialog.choose_button.isVisibleTo(dialog) and dialog.choose_button.isEnabled()
    dialog.grab().save(str(screenshot_dir / f"backups_folder_gone_{lang}.png"))


def test_a_restore_onto_a_full_office_disk_names_the_office(
    qtbot, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language("zh_CN")
    try:
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        made = dialog.selected_path()
        assert made is not None
        real = shutil.copyfile

        def copy(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
            if ".restore-" in Path(target).name:  # the copy beside the database: a full disk
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(source), None, target)
            return real(source, target, *args, **kwargs)

        monkeypatch.setattr(shutil, "copyfile", copy)
        assert dialog.ask_restore(made)
        assert dialog.confirm_restore() is not None
        qtbot.waitUntil(lambda: dialog.worker is None, timeout=60000)
        said = dialog.message.text()
        assert said.startswith(f"无法在 {database.path} 所在的文件夹中写入") and "磁盘已满" in said
        assert str(made) not in said and dialog.restored is None
    finally:
        set_language(None)


def test_an_export_that_cannot_be_written_names_the_file_chosen(
    qtbot, database, tmp_path: Path
) -> None:
    from app.queries.cases import QueueFilter
    from ui.dialogs.export import ExportWorker

    folder = tmp_path / "导出"
    folder.mkdir()
    path = folder / ("队" * 80 + ".xlsx")  # its hidden partial's name is too long: both fail
    worker = ExportWorker(database, login(database).id, "cases", path, (QueueFilter(), None, None))
    failed: list[str] = []
    worker.failed.connect(failed.append)
    worker.run()  # on this thread: its signal is delivered at once
    assert failed == [
        _("Cannot write {path}: {reason}.", path=str(path), reason=_("the name is too long"))
    ]
    assert list(folder.iterdir()) == []
