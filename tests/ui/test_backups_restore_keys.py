"""Found by QA: "Restore…" put the keyboard on "Replace the database with this backup", so Enter
pressed twice replaced the office's database. The keyboard now lands on Cancel, the replacing
button is never pressed by Enter, and nothing changes until it is clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Borrower
from tests.ui.test_backups_dialog import MARK, back_up_now, database, dialog_for  # noqa: F401
from tests.ui.test_queue import grab
from ui.language import apply_language

pytestmark = pytest.mark.gui


def _marked(db) -> bool:  # type: ignore[no-untyped-def]
    with db.sessions() as session:
        return session.scalar(select(Borrower).where(Borrower.employer == MARK)) is not None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_enter_after_restore_does_not_replace_the_database(
    qtbot,
    database,  # noqa: F811
    lang: str,
    screenshot_dir: Path,
) -> None:
    apply_language(lang)
    try:
        dialog = dialog_for(qtbot, database)
        back_up_now(qtbot, dialog)
        with database.session() as session:  # what a restore would undo
            session.scalar(select(Borrower).order_by(Borrower.id).limit(1)).employer = MARK
        dialog.table.selectRow(0)
        dialog.restore_button.setFocus()
        QTest.keyClick(dialog.restore_button, Qt.Key.Key_Return)  # the keyboard's "Restore…"
        assert dialog.confirm_box.isVisibleTo(dialog)
        QApplication.processEvents()
        assert dialog.focusWidget() is dialog.cancel_button
        grab(dialog, screenshot_dir / f"qadestroy-restore-confirm-{lang}.png")
        QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)  # once more
        QApplication.processEvents()
        assert dialog.worker is None and dialog.restored is None
        assert not dialog.confirm_box.isVisibleTo(dialog)  # Enter cancelled the question
        assert _marked(database)  # the database was not replaced
        dialog.ask_restore()
        QTest.keyClick(dialog.confirm_button, Qt.Key.Key_Return)  # even on the button itself
        QApplication.processEvents()
        assert dialog.worker is None and dialog.restored is None and _marked(database)
    finally:
        apply_language("en")
