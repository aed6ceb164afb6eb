"""The keyboard after a Visits page button that turns itself off: approving or cancelling the
selected visit leaves the keys on the visits (the list or the calendar), not on the next button
still on. QA: after Cancel visit… (and Approve) the keys jumped to Print visit sheet…, so Space
opened a sheet nobody asked for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from tests.ui.test_trust import when_modal
from tests.ui.test_visits_page import grab
from tests.ui.test_visits_select_follow import _list_row, _page, database  # noqa: F401

pytestmark = pytest.mark.gui


def _press(qtbot, page, button) -> None:  # type: ignore[no-untyped-def]
    """The button taken from the keyboard, as a user tabbing to it and pressing Space does."""
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is button
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_approve_and_cancel_leave_the_keys_on_the_visits(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    _window, page = _page(qtbot, database, "supervisor")
    others, own, _unbooked = database.numbers
    page.tabs.setCurrentIndex(1)
    page.list.selectRow(_list_row(page, others))
    assert page.approve_button.isEnabled()
    _press(qtbot, page, page.approve_button)
    assert "approved" in page.message.text() and not page.approve_button.isEnabled()
    assert QApplication.focusWidget() is page.list
    page.list.selectRow(_list_row(page, own))
    assert page.cancel_button.isEnabled()

    def answer(dialog: QInputDialog) -> None:
        dialog.setTextValue("借款人已还清")
        dialog.accept()

    when_modal(QInputDialog, answer)
    _press(qtbot, page, page.cancel_button)
    qtbot.waitUntil(lambda: "cancelled" in page.message.text(), timeout=5000)
    assert not page.cancel_button.isEnabled()
    # The window takes the activation back from the closed question (asynchronously).
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.list, timeout=2000)
    grab(page.window(), screenshot_dir / "visits_keys_after_cancel.png")
