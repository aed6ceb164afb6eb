"""A damaged office in the window (QA s46 items 3 and 7): the daily backup of one says it is
damaged and how to restore it, in the user's language (it said SQLite's raw English); and one
that no longer opens is said at start with a way to restore it right there, since no one can log
in to reach Backups ▸ Restore: its backups listed, an administrator's password, the restore
through the core `casedesk db restore` uses, then the restored office opened. Real SQLCipher
files, real widgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.backups import back_up, default_folder
from app.errors import DamagedDatabase
from db.store import open_database
from tests.cli.test_damaged_office_cli import SAID, SAID_ZH, cut_short, damage_inside
from tests.conftest import TEST_KEY
from tests.db.helpers import file_hash
from tests.ui.test_queue import grab, login, window_for
from ui.table_fill import cell_text

pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only]
WINDOW_HINT = {
    "en": "In this window, an administrator restores it from Backups… (choose the latest backup, "
    "then Restore…).",
    "zh_CN": "在本窗口中，管理员可通过“备份…”恢复（选择最近的备份，再点击“恢复…”）。",
}


@pytest.fixture
def office(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Path:
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    application()
    return demo_path


def when_shown(kind: type[QWidget], then: Callable[[QWidget], None]) -> QTimer:
    """Every 50 ms: the first visible top-level `kind` is handed to `then`, once."""
    timer = QTimer()
    timer.setInterval(50)

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                timer.stop()
                then(widget)
                return

    timer.timeout.connect(look)
    timer.start()
    return timer


def test_the_daily_backup_of_a_damaged_office_says_so_and_where_to_restore(
    qtbot, office: Path, lang: str, screenshot_dir: Path
) -> None:
    damage_inside(office, 0.9)  # past what the window reads as it opens
    database = open_database(office, TEST_KEY)
    said: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        grab(box, screenshot_dir / f"damaged_daily_backup_{lang}.png")
        box.accept()

    try:
        window = window_for(qtbot, database, "admin")
        watch = when_shown(QMessageBox, read)
        window.start_daily_backup()
        qtbot.waitUntil(lambda: bool(said), timeout=60000)
        watch.stop()
    finally:
        database.close()
    words = SAID.format(path=office) if lang == "en" else SAID_ZH.format(path=office)
    failed = "The daily backup failed: " if lang == "en" else "每日备份失败："
    assert said[0] == f"{failed}{words}\n\n{WINDOW_HINT[lang]}"
    assert "malformed" not in said[0] and "DatabaseError" not in said[0]


def _backed_up_then_cut_short(office: Path) -> tuple[Path, str]:
    database = open_database(office, TEST_KEY)
    try:
        made = back_up(database, login(database, "admin")).path
    finally:
        database.close()
    cut_short(office)
    return made, file_hash(office)


def _error(office: Path) -> DamagedDatabase:
    with pytest.raises(DamagedDatabase) as refused:
        open_database(office, TEST_KEY)
    return refused.value


def test_the_damaged_office_dialog_restores_its_latest_backup(
    qtbot, office: Path, lang: str, screenshot_dir: Path
) -> None:
    from ui.dialogs.damaged_office import DamagedOfficeDialog

    made, damaged = _backed_up_then_cut_short(office)
    dialog = DamagedOfficeDialog(office, TEST_KEY, _error(office))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    words = SAID.format(path=office) if lang == "en" else SAID_ZH.format(path=office)
    assert dialog.message.text() == words  # whole, in the user's language
    assert "malformed" in dialog.detail.text() and dialog.detail.isVisible()  # apart, a detail
    grab(dialog, screenshot_dir / f"damaged_office_{lang}.png")
    dialog.restore_button.click()
    assert str(default_folder()) in dialog.folder.text()
    assert dialog.table.rowCount() == 1 and made.name in cell_text(dialog.table, 0, 1)
    assert dialog.backup() == made and not dialog.replace_button.isEnabled()  # who restores?
    dialog.username.setText("admin")
    dialog.password.setText("wrong")
    assert str(made) in dialog.confirm.text()
    grab(dialog, screenshot_dir / f"damaged_office_restore_{lang}.png")
    dialog.replace_button.click()
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.error.isVisible(), timeout=60000)
    assert file_hash(office) == damaged and dialog.restored is None  # refused: nothing changed
    dialog.password.setText("demo")
    dialog.replace_button.click()
    qtbot.waitUntil(lambda: dialog.restored is not None, timeout=60000)
    assert dialog.open_button.isVisible() and str(made) in dialog.message.text()
    assert str(dialog.restored.previous) in dialog.message.text()  # where the damaged file went
    grab(dialog, screenshot_dir / f"damaged_office_restored_{lang}.png")
    open_database(office, TEST_KEY).close()  # the office opens again


def test_a_damaged_office_at_start_is_restored_and_opened(
    qtbot, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import open_or_explain
    from ui.dialogs.damaged_office import DamagedOfficeDialog

    made, _damaged = _backed_up_then_cut_short(office)
    chosen = office.parent / "picked.bak"  # a backup chosen by hand, not in the list
    chosen.write_bytes(made.read_bytes())
    made.unlink()

    def drive(dialog: QWidget) -> None:
        assert isinstance(dialog, DamagedOfficeDialog)
        dialog.restore_button.click()
        assert dialog.table.rowCount() == 0 and dialog.none.isVisible()
        dialog.use_file(chosen)
        dialog.username.setText("admin")
        dialog.password.setText("demo")
        dialog.replace_button.click()
        opened = QTimer(dialog)
        opened.timeout.connect(
            lambda: dialog.open_button.isVisible() and dialog.open_button.click()
        )
        opened.start(50)

    watch = when_shown(DamagedOfficeDialog, drive)
    database = open_or_explain(office)
    watch.stop()
    assert database is not None  # the restored office, opened
    try:
        assert login(database, "admin").username == "admin"
    finally:
        database.close()


def test_quit_leaves_a_damaged_office_as_it_was(qtbot, office: Path) -> None:
    from ui.app import open_or_explain
    from ui.dialogs.damaged_office import DamagedOfficeDialog

    _made, damaged = _backed_up_then_cut_short(office)

    def quit_it(dialog: QWidget) -> None:
        assert isinstance(dialog, DamagedOfficeDialog)
        dialog.quit_button.click()

    watch = when_shown(DamagedOfficeDialog, quit_it)
    assert open_or_explain(office) is None
    watch.stop()
    assert file_hash(office) == damaged
