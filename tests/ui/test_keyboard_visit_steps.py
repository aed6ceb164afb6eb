"""The visit dialog's second step takes Enter: after Confirm and continue, pressed with the keys,
the booking step had no default button, so Enter and Ctrl+Enter did nothing (a blocked booking
said nothing either) and only Alt+K or Tab to Book visit booked (ui/dialogs/visit.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.core.visit_office import case_nos, login
from tests.ui.test_keyboard_names import shown, visit_db  # noqa: F401 (a fixture)
from ui.dialog_keys import default_button


def test_after_confirm_enter_books(qtbot, visit_db) -> None:  # noqa: F811 (the fixture)
    from ui.dialogs.visit import VisitDialog

    dialog = VisitDialog(visit_db, login(visit_db, "agent01"), case_nos(visit_db)[0])
    shown(qtbot, dialog)
    for _box in (dialog.identity, dialog.address, dialog.phone):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert default_button(dialog) is dialog.verify_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Confirm and continue
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=2000)
    assert QApplication.focusWidget() is dialog.lead  # the step's first field
    assert default_button(dialog) is dialog.book_button
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, ctrl)
    assert dialog.status.text().startswith("Not booked")  # Ctrl+Enter tried to book
    dialog.reject()
