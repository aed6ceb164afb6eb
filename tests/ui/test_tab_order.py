"""Tab walks every dialog and every page of the main window in reading order (ui/tab_order.py):
top to bottom, left to right within a row, a dialog's buttons last; every enabled, visible input
is reached once a round, and nothing traps the keyboard. A dialog opens in its first input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tests.ui import test_queue
from tests.ui.tab_dialogs import DIALOGS
from tests.ui.tab_walk import expected, from_the_top, in_box, judge, walk
from tests.ui.test_keyboard_names import shown
from ui.tab_order import OPENS
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
SHOTS = ("agreement", "settings", "payment", "complaint")


def opened(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    return dialog


def chain_problems(window: QWidget) -> list[str]:
    """What is wrong with Tab in `window` from the focused widget (tests/ui/tab_walk.py)."""
    before = expected(window)
    stops = walk(window)
    shown_as = [(s.name, s.place.getRect()) for s in stops]
    return [f"{problem} in {shown_as}" for problem in judge(window, stops, before)]


def turning_tabs(window: QWidget, within: QWidget | None = None) -> list[str]:
    """The problems on each further tab of `window`'s tab widgets, as the user turns to it."""
    wrong: list[str] = []
    for tabs in (within or window).findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            tabs.tabBar().setFocus()
            QApplication.processEvents()
            wrong += [f"tab {index}: {problem}" for problem in chain_problems(window)]
        tabs.setCurrentIndex(0)
    return wrong


@pytest.mark.parametrize("name", DIALOGS)
def test_tab_walks_the_dialog_in_reading_order(qtbot, database, tmp_path: Path, name) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, DIALOGS[name](database, tmp_path))
    wrong = chain_problems(dialog) + turning_tabs(dialog)
    assert wrong == [], "\n".join(wrong)


def needs_input(widget: QWidget) -> bool:
    """A field the user types or chooses in: not a tab bar, a button, a read-only summary."""
    if in_box(widget) or isinstance(widget, QTabBar):
        return False
    if isinstance(widget, QAbstractButton):
        return widget.isCheckable()  # a check box, a radio button
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return True  # a choice, a list to choose from, a page to scroll


@pytest.mark.parametrize("name", DIALOGS)
def test_a_dialog_opens_in_its_first_input(  # type: ignore[no-untyped-def]
    qtbot, database, tmp_path: Path, name, screenshot_dir
) -> None:
    dialog = opened(qtbot, DIALOGS[name](database, tmp_path))
    focus = QApplication.focusWidget()
    if name in SHOTS:
        dialog.grab().save(str(screenshot_dir / f"tabs-{name}.png"))
    inputs = [s.widget for s in from_the_top(dialog, walk(dialog)) if needs_input(s.widget)]
    named = [w for w in inputs if w.property(OPENS)]  # the visit: its first check, not the place
    if inputs:  # none in the About box: its default button has the keys
        assert focus is (named or inputs)[0], (focus, inputs[0])


def test_tab_walks_the_keyboard_shortcuts_list_and_leaves_it(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.shortcuts import ShortcutsDialog

    window = test_queue.window_for(qtbot, database, "supervisor")
    dialog = opened(qtbot, ShortcutsDialog(window.command_actions, window))
    wrong = chain_problems(dialog)  # its list kept Tab going round its cells, as the licences'
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("username", ["supervisor", "admin", "agent01"])
def test_tab_walks_every_page_in_reading_order(qtbot, database, username) -> None:  # type: ignore[no-untyped-def]
    window = test_queue.window_for(qtbot, database, username)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    wrong: dict[str, list[str]] = {}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)  # as the user turns to it
        window.sidebar.setFocus()
        QApplication.processEvents()
        page = window.stack.currentWidget()
        found = chain_problems(window) + turning_tabs(window, page)
        if found:
            wrong[cell_text(window.sidebar, row, 0)] = found
    assert wrong == {}, "\n".join(
        f"{page}: {problem}" for page, p in wrong.items() for problem in p
    )
