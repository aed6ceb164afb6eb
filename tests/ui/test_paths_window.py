"""The window on an office kept where a Windows or macOS user keeps it — spaces, Chinese, a path
of about 250 characters (QA s22): the backup folder pasted in quotes, a backup made there, a
restore from it, an export beside it, and the status bar's path elided in the middle with the
file's name in view at 1366x768. Screenshots en/zh_CN."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.conftest import TEST_KEY
from tests.ui.test_backups_dialog import back_up_now, confirm_and_wait, dialog_for
from tests.ui.test_queue import grab, login

pytestmark = pytest.mark.gui


def _long_folder(root: Path) -> Path:
    """About 250 characters, spaces and Chinese among them, within SQLite's 512 bytes with room
    for the backups' names (tests/cli/test_long_paths_cli.py has the paths that do not fit)."""
    folder = root / "Users" / "张伟 Zhang Wei" / "Documents" / "催收 资料" / "2026年 11月"
    while len(str(folder)) < 230:
        folder = folder / "Collection files 东城 网点"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    folder = _long_folder(tmp_path)
    monkeypatch.setenv("CASEDESK_HOME", str(folder / "Casedesk 数据"))
    application()
    db = open_database(shutil.copyfile(demo_path, folder / "催收 办公室.db"), TEST_KEY)
    assert len(str(db.path)) >= 240 and len(str(db.path).encode()) < 400
    yield db
    db.close()


def test_back_up_restore_and_export_on_a_long_chinese_path(qtbot, database) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, "admin"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    label = window.path_label
    assert label.text() == str(database.path) == label.toolTip()
    shown = label.fontMetrics().elidedText(
        label.text(), Qt.TextElideMode.ElideMiddle, label.contentsRect().width()
    )
    assert "…" in shown and shown.endswith("催收 办公室.db")
    target = database.path.parent / "导出 案件 清单.xlsx"
    button = window.queue.export_button
    button.export(target)
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
    assert target.is_file() and str(target) in button.last_message

    chosen = database.path.parent / "备份 文件夹"
    dialog = dialog_for(qtbot, database)
    dialog.folder.setText(f'"{chosen}"')  # as Windows' "Copy as path" pastes it
    assert dialog.save_settings(), dialog.message.text()
    back_up_now(qtbot, dialog)
    assert "verified" in dialog.message.text()
    made = list(chosen.glob("*.bak"))
    assert len(made) == 1
    dialog.ask_restore(made[0])
    confirm_and_wait(qtbot, dialog)
    assert dialog.restored is not None, dialog.message.text()
    assert dialog.restored.previous.parent == chosen and dialog.restored.previous.exists()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots(qtbot, database, screenshot_dir, lang) -> None:
    from ui.main_window import MainWindow

    set_language(lang)
    try:
        window = MainWindow(database, login(database, "admin"))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        grab(window.statusBar(), screenshot_dir / f"paths_status_bar_{lang}.png")
        window.statusBar().grab().save(str(screenshot_dir / f"paths_long_status_{lang}.png"))
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        dialog.grab().save(str(screenshot_dir / f"paths_long_backups_{lang}.png"))
    finally:
        set_language("en")
