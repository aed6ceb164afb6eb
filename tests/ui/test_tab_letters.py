"""Alt+letter on tab titles and on tool buttons with words (ui/mnemonics.py, ui/mnemonic_tabs.py):
each of the Settings dialog's tabs and each page's tabs has a letter of its own in its window
("&Office", "办公室(&O)"), Alt and the letter turn to the tab, and Ctrl+Tab and Ctrl+PgDown
turn the tabs from a field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
)

from app.i18n import tr
from tests.ui import test_queue
from tests.ui.test_mnemonics import CHINESE_END, letters, opened
from tests.ui.test_queue import login
from ui.mnemonic_text import mnemonic, plain

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
CONTROL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT_CONTROL = Qt.KeyboardModifier.ShiftModifier | CONTROL


def _settings(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import TABS, SettingsDialog

    dialog = opened(qtbot, SettingsDialog(database, login(database, "admin")))
    return dialog, [tr(title) for _key, title in TABS]


def test_every_settings_tab_has_its_own_letter(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    dialog, titles = _settings(qtbot, database)
    shown = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert [plain(text) for text in shown] == titles  # the words as written, a letter added
    found = [mnemonic(text) for text in shown]
    assert None not in found and len(set(found)) == len(found), shown
    if lang == "zh_CN":
        assert all(CHINESE_END.search(text) for text in shown), shown
    else:
        assert all(
            text.replace("&", "") == title for text, title in zip(shown, titles, strict=True)
        ), shown
    letters(dialog, lang)  # none repeats a button's or a label's letter in the dialog


def test_alt_and_a_tabs_letter_turns_to_it(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    dialog, _titles = _settings(qtbot, database)
    tabs = dialog.tabs
    last = tabs.count() - 1
    letter = mnemonic(tabs.tabText(last))
    assert letter is not None
    QTest.keyClick(dialog, Qt.Key(ord(letter)), ALT)
    qtbot.waitUntil(lambda: tabs.currentIndex() == last, timeout=2000)
    QTest.keyClick(dialog, Qt.Key(ord(mnemonic(tabs.tabText(0)) or "?")), ALT)
    qtbot.waitUntil(lambda: tabs.currentIndex() == 0, timeout=2000)


def test_ctrl_pgdown_and_ctrl_tab_turn_the_tabs_from_any_field(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    dialog, _titles = _settings(qtbot, database)
    tabs = dialog.tabs
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and tabs.isAncestorOf(field)  # the office's name
    QTest.keyClick(field, Qt.Key.Key_Tab, CONTROL)
    assert tabs.currentIndex() == 1
    jurisdiction = QApplication.focusWidget()  # the first field of the tab turned to
    assert isinstance(jurisdiction, QComboBox) and tabs.currentWidget().isAncestorOf(jurisdiction)
    chosen = jurisdiction.currentIndex()
    QTest.keyClick(jurisdiction, Qt.Key.Key_PageDown, CONTROL)  # Qt's: the next jurisdiction
    assert tabs.currentIndex() == 2
    assert jurisdiction.currentIndex() == chosen
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CONTROL)
    assert tabs.currentIndex() == 1
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CONTROL)
    date = next(w for w in tabs.currentWidget().findChildren(QDateEdit) if w.isVisible())
    date.setFocus()
    QTest.keyClick(date, Qt.Key.Key_Tab, CONTROL)  # Qt's: nothing
    assert tabs.currentIndex() == 3
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, SHIFT_CONTROL)
    assert tabs.currentIndex() == 2


def test_the_pages_tabs_have_letters_apart_from_the_menus(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    window = test_queue.window_for(qtbot, database, "supervisor")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    menus = {mnemonic(a.text()) for a in window.menuBar().actions()}
    window.sidebar.setCurrentRow(window.stack.indexOf(window.visits))
    QApplication.processEvents()
    tabs = window.visits.tabs
    shown = [tabs.tabText(i) for i in range(tabs.count())]
    assert [plain(text) for text in shown] == [tr("Week calendar"), tr("List")]
    found = {mnemonic(text) for text in shown}
    assert None not in found and len(found) == len(shown) and not found & menus, shown
    assert set(letters(window, lang).values()) >= found  # one set of letters for the window


def test_a_tool_button_with_words_takes_a_letter_an_icon_alone_none(qtbot, lang) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    words = QToolButton()
    words.setText("Zoom in")
    words.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    icon = QToolButton()
    icon.setText("Zoom out")  # an icon's tool tip reads it: no letter on a picture
    icon.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    layout = QVBoxLayout(dialog)
    layout.addWidget(words)
    layout.addWidget(icon)
    layout.addWidget(QLineEdit())
    opened(qtbot, dialog)
    assert plain(words.text()) == "Zoom in" and mnemonic(words.text()) is not None
    assert icon.text() == "Zoom out"
    with qtbot.waitSignal(words.clicked, timeout=2000):
        QTest.keyClick(dialog, Qt.Key(ord(mnemonic(words.text()) or "?")), ALT)
