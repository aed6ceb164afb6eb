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

from db.store import open_database
from tests.cli.test_damaged_office_cli import SAID, SAID_ZH, damage_inside
from tests.conftest import TEST_KEY
from tests.ui.test_queue import grab, window_for

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
