"""A preview's pages, where the keyboard starts, are named after the document for a screen
reader: they were read as a view with no name (ui/dialogs/pdf_preview.py)."""

from __future__ import annotations

import pytest

from tests.ui.test_reports_page import three_pages
from ui.accessible import accessible_name
from ui.dialogs.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui


def test_the_previews_pages_have_the_documents_name(qtbot, tmp_path) -> None:
    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Compliance report")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert accessible_name(dialog.view) == "Compliance report"
    dialog.reject()


def test_the_keys_come_back_to_the_preview_after_save_as(qtbot, tmp_path) -> None:
    """After Save as… the keyboard went nowhere (no window active): Escape no longer closed
    the preview, nor Tab moved in it, until a click."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    from tests.ui.test_keyboard_day import ModalCloser, activate

    dialog = PdfPreviewDialog(three_pages(tmp_path / "sample.pdf"), "Compliance report")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    target = tmp_path / "kept.pdf"

    def save_there(box: QFileDialog) -> None:
        name = box.findChild(QLineEdit, "fileNameEdit")
        qtbot.waitUntil(lambda: QApplication.focusWidget() is name, timeout=2000)
        name.selectAll()
        qtbot.keyClicks(name, str(target))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    dialog.save_button.setFocus()
    closer = ModalCloser(save_there, QFileDialog)
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)  # Save as…
    closer.check()
    assert target.is_file()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.save_button, timeout=2000)
    assert QApplication.activeWindow() is dialog
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
