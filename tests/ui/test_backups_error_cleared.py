"""The Backups dialog clears an earlier file's red error when another backup is shown for
confirmation: a good backup's confirmation stands alone, not under "… is incomplete or damaged"
(found by QA). Real widgets on a copy of the demo office, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.i18n import set_language
from tests.ui.test_backups_dialog import back_up_now, database, dialog_for  # noqa: F401
from tests.ui.test_queue import grab

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_good_backup_after_a_bad_file_shows_no_old_error(
    qtbot,
    database,  # noqa: F811
    tmp_path: Path,
    screenshot_dir: Path,
    lang: str,
) -> None:
    set_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        dialog.resize(1000, 600)
        back_up_now(qtbot, dialog)
        bad = tmp_path / "notabackup.bak"
        bad.write_bytes(b"hello\n")
        assert dialog.ask_restore(bad) is False
        assert "notabackup.bak" in dialog.message.text()  # the file's own error, said
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.confirm_box.isVisibleTo(dialog)
        assert dialog.message.text() == ""
        grab(dialog, screenshot_dir / f"backups_error_cleared_{lang}.png")
    finally:
        set_language(None)
