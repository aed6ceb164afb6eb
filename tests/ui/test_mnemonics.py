"""Alt+letter on every button, check box and form label of the real dialogs (ui/mnemonics.py):
each has a letter of its own within its window ("&Save", "保存(&S)"), OK, Cancel and Close none
(Enter and Escape press them), and Alt+letter presses the button or moves to the label's field."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from tests.ui import test_queue
from tests.ui.test_cancel_asks import a_case
from tests.ui.test_keyboard_names import shown
from tests.ui.test_queue import login
from ui.mnemonic_text import letters_of, mnemonic, plain
from ui.mnemonics import candidates, install, reserved, standard_words

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
CHINESE_END = re.compile(r"\(&[A-Z0-9]\)(?:\s*(?:…|[：:▶]))*$")


def _login(database):  # type: ignore[no-untyped-def]
    from ui.login import LoginDialog

    return LoginDialog(database)


def _settings(database):  # type: ignore[no-untyped-def]
    from ui.dialogs.settings import SettingsDialog

    return SettingsDialog(database, login(database, "admin"))


def _agreement(database):  # type: ignore[no-untyped-def]
    from ui.dialogs.agreement import AgreementDialog

    return AgreementDialog(database, login(database, "supervisor"), a_case(database))


def _contact(database):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    return ContactDialog(database, login(database, "supervisor"), a_case(database))


def _complaint(database):  # type: ignore[no-untyped-def]
    from ui.dialogs.complaint import ComplaintDialog

    return ComplaintDialog(database, login(database, "supervisor"), a_case(database))


DIALOGS: dict[str, Callable] = {
    "login": _login,
    "settings": _settings,
    "agreement": _agreement,
    "contact": _contact,
    "complaint": _complaint,
}


def opened(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    install(QApplication.instance())  # as ui/app.py's application() does
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: any(mnemonic(w.text()) for w in candidates(dialog)), timeout=2000)
    return dialog


def letters(window: QWidget, lang: str) -> dict[str, str]:
    """Each visible control's letter, by its text; asserts none is repeated, and none missing but
    an English text's whose letters the others took (it goes without, not "Name(&6):")."""
    seen: dict[str, str] = {}
    without: list[str] = []
    for widget in candidates(window):
        text = widget.text()
        letter = mnemonic(text)
        if isinstance(widget, QPushButton) and plain(text) in standard_words():
            assert letter is None, text  # Enter or Escape
            continue
        if letter is None and lang == "en":
            without.append(plain(text))
            continue
        assert letter is not None, f"no letter: {text!r}"
        assert letter not in seen.values(), f"{text!r} repeats {letter} of {seen}"
        if lang == "zh_CN":
            assert CHINESE_END.search(text), text
        seen[text] = letter
    taken = {*seen.values(), *reserved(window)}
    for text in without:
        assert letters_of(text) and set(letters_of(text)) <= taken, text
    return seen


@pytest.mark.parametrize("name", DIALOGS)
def test_every_control_of_a_dialog_has_its_own_letter(qtbot, database, lang, name) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, DIALOGS[name](database))
    seen = letters(dialog, lang)
    assert len(seen) >= 3, seen  # a button and two labels at least
    for tabs in dialog.findChildren(QTabWidget):  # settings: each tab as it is turned to
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            letters(dialog, lang)


def test_alt_and_the_letter_presses_the_button_and_moves_to_the_labels_field(
    qtbot, database, lang
) -> None:  # type: ignore[no-untyped-def]
    dialog = opened(qtbot, _agreement(database))
    generate = dialog.generate_button
    assert plain(generate.text()) == tr("Generate plan")
    letter = mnemonic(generate.text())
    assert letter is not None
    with qtbot.waitSignal(generate.clicked, timeout=2000):
        QTest.keyClick(dialog, Qt.Key(ord(letter)), Qt.KeyboardModifier.AltModifier)
    login_dialog = opened(qtbot, _login(database))
    label = next(
        w
        for w in candidates(login_dialog)
        if isinstance(w, QLabel) and w.buddy() is login_dialog.password
    )
    QTest.keyClick(
        login_dialog, Qt.Key(ord(mnemonic(label.text()) or "?")), Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(login_dialog.password.hasFocus, timeout=2000)


def test_a_literal_ampersand_stays_literal_and_a_written_letter_is_kept(qtbot, lang) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog()
    names = QPushButton("A & B")  # a borrower's name, as data shows it
    escaped = QCheckBox("Tom && Jerry")
    written = QPushButton("&Print")
    field = QLineEdit()
    layout = QVBoxLayout(dialog)
    for widget in (names, escaped, written, field):
        layout.addWidget(widget)
    opened(qtbot, dialog)
    assert plain(names.text()) == "A & B" and "&&" in names.text()
    assert plain(escaped.text()) == "Tom & Jerry" and mnemonic(escaped.text()) not in (None, "P")
    assert written.text() == "&Print"
    letters(dialog, "en")
    with qtbot.waitSignal(escaped.toggled, timeout=2000):
        QTest.keyClick(
            dialog, Qt.Key(ord(mnemonic(escaped.text()) or "?")), Qt.KeyboardModifier.AltModifier
        )


def test_every_page_of_the_window_has_its_own_letters_apart_from_the_menus(
    qtbot, database, lang
) -> None:  # type: ignore[no-untyped-def]
    window = test_queue.window_for(qtbot, database, "supervisor")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    menus = {mnemonic(a.text()) for a in window.menuBar().actions()}
    assert menus == {"F", "E", "G", "C", "H"}
    for row in range(window.sidebar.count()):
        window.sidebar.setCurrentRow(row)  # the page turned to gets its letters
        QApplication.processEvents()
        seen = letters(window, lang)
        assert seen and not menus & set(seen.values()), seen


def test_every_menu_item_has_its_own_letter_in_its_menu(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    window = test_queue.window_for(qtbot, database, "admin")
    for title in window.menuBar().actions():
        items = [a.text() for a in title.menu().actions() if not a.isSeparator()]
        found = [mnemonic(text) for text in items]
        assert None not in found and len(set(found)) == len(found), items
        if lang == "zh_CN":
            assert all(CHINESE_END.search(text) for text in items), items
    go = window.command_actions.pages[0].text()
    assert go == {"en": "&Dashboard", "zh_CN": "总览(&D)"}[lang]


def test_the_borrower_panes_buttons_have_letters_as_the_arrow_keys_pick_a_borrower(
    qtbot, database, lang
) -> None:  # type: ignore[no-untyped-def]
    """Arrowing down the Borrowers list shows a borrower's pane without a focus move: its
    buttons (Copy of their data…, Reveal…, Add…) went without letters until a Tab (QA s42)."""
    window = test_queue.window_for(qtbot, database, "supervisor")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    page = window.borrowers
    window.show_page(page)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=2000)
    QTest.keyClick(page.table, Qt.Key.Key_Down)
    QApplication.processEvents()
    pane = page.detail
    assert pane.detail is not None and page.table.hasFocus()  # the focus stayed in the list
    buttons = [b for b in pane.content.findChildren(QPushButton) if b.isVisibleTo(window)]
    assert buttons and all(mnemonic(b.text()) for b in buttons), [b.text() for b in buttons]
    letters(window, lang)  # and each its own
