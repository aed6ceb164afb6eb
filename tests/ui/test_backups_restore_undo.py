"""A restore from the window says, as the window closes, where the database as it was is kept
and that restoring it undoes the restore (found by the admin's walk in Chinese: the message said
only "restored, Casedesk closes now", the dialog with the kept copy's name already gone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import TEST_KEY
from tests.ui.test_backups_dialog import back_up_now
from tests.ui.test_trust import grab_over, when_modal, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def test_the_closing_message_names_the_copy_that_undoes_the_restore(
    qtbot, database, lang, screenshot_dir: Path
) -> None:
    from ui.dialogs.backups import BackupsDialog

    window = window_for(qtbot, database, "admin")
    said: dict[str, str] = {}

    def restore(dialog: BackupsDialog) -> None:
        back_up_now(qtbot, dialog)
        dialog.table.selectRow(0)
        dialog.ask_restore()
        dialog.confirm_restore()

    def read(box: QMessageBox) -> None:
        said["text"] = box.text()
        grab_over(window, box, screenshot_dir / f"backups_restored_{lang}.png")
        box.accept()

    stops = [when_modal(BackupsDialog, restore), when_modal(QMessageBox, read)]
    restored = window.open_backups()
    for stop in stops:
        stop()
    assert restored is not None and restored.previous is not None
    kept = str(restored.previous)
    assert "before-restore" in kept
    assert kept in said["text"]
    undo = "restore that backup" if lang == "en" else "请恢复该备份"
    assert undo in said["text"]
    assert not window.isVisible()
