"""The Backups dialog before any backup: a line says there are none in this folder yet and that
Back up now makes one, in place of a list of bare column titles; after Back up now the list
shows the backup and the line goes (English and Chinese)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr as _
from tests.ui.test_backups_dialog import back_up_now, dialog_for
from tests.ui.test_backups_dialog import database as database  # noqa: F401 (the fixture)
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui


def test_an_empty_list_says_none_yet_and_how_to_make_one(
    qtbot, database, lang, tmp_path: Path, screenshot_dir: Path
) -> None:
    dialog = dialog_for(qtbot, database)
    dialog.resize(1024, 640)
    QApplication.processEvents()
    assert dialog.table.rowCount() == 0
    assert dialog.none.isVisibleTo(dialog) and not dialog.table.isVisibleTo(dialog)
    words = dialog.none.text()
    assert words == _(
        "No backups in this folder yet. Press {button} to make one.", button=_("Back up now")
    )
    assert plain(dialog.backup_button.text()) in words  # the button it names, as it reads
    # The line sits at the top, under the folder, not in the middle of the dialog.
    assert dialog.none.mapTo(dialog, dialog.none.rect().topLeft()).y() < dialog.height() // 3
    dialog.grab().save(str(screenshot_dir / f"backups_none_yet_{lang}.png"))
    back_up_now(qtbot, dialog)
    assert dialog.table.isVisibleTo(dialog) and not dialog.none.isVisibleTo(dialog)
    assert dialog.table.rowCount() == 1
