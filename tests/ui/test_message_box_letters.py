"""Alt+letter on a message box's buttons in Casedesk's words (ui/mnemonics.py): "Discard" and
"Keep editing" each get a letter of their own (放弃(&D) in Chinese), and Alt+letter presses it;
Qt's own "&Yes" keeps its letter. The Tab order leaves a message box to Qt: its default button
keeps the focus it opens with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from app.i18n import tr
from ui import mnemonics, tab_order
from ui.discard import discard_typed
from ui.mnemonic_text import mnemonic, plain

pytestmark = pytest.mark.gui


def _the_box() -> QMessageBox:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox), box
    return box


@pytest.mark.parametrize("choice", ["Discard", "Keep editing"])
def test_alt_and_a_letter_presses_a_message_boxs_own_button(qtbot, lang, choice) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    mnemonics.install(app, platform="linux")
    tab_order.install(app)
    dialog = QDialog()
    dialog.setWindowTitle("Draft agreement")
    qtbot.addWidget(dialog)
    seen: dict[str, str] = {}
    focused: list[str] = []

    def answer() -> None:
        box = _the_box()
        for _ in range(50):  # the letters come with the first focus
            QTest.qWait(20)
            if mnemonic(box.buttons()[0].text()):
                break
        for button in box.buttons():
            seen[plain(button.text())] = button.text()
        widget = QApplication.focusWidget()
        focused.append(plain(widget.text()) if isinstance(widget, QPushButton) else "")
        letter = mnemonic(seen[tr(choice)])
        if letter is None:  # no letter: closed by Escape, and the test fails below
            QTest.keyClick(box, Qt.Key.Key_Escape)
            return
        QTest.keyClick(box, Qt.Key(ord(letter)), Qt.KeyboardModifier.AltModifier)

    QTimer.singleShot(0, answer)
    discarded = discard_typed(dialog)
    assert discarded is (choice == "Discard")
    assert set(seen) == {tr("Discard"), tr("Keep editing")}
    letters = [mnemonic(text) for text in seen.values()]
    assert None not in letters and len(set(letters)) == 2, seen
    if lang == "zh_CN":
        assert seen[tr("Discard")].endswith(f"(&{mnemonic(seen[tr('Discard')])})"), seen
    assert focused == [tr("Keep editing")]  # the default button, as Qt gave it


def test_qts_own_letters_are_kept(qtbot, lang) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Question, "Casedesk", "Delete?")
    qtbot.addWidget(box)
    yes = box.addButton(QMessageBox.StandardButton.Yes)
    box.addButton(QMessageBox.StandardButton.No)
    later = box.addButton(tr("Later"), QMessageBox.ButtonRole.RejectRole)
    written = yes.text()
    box.show()
    QApplication.processEvents()
    mnemonics.manage(box)
    assert yes.text() == written  # Qt's "&Yes" (是(&Y)) as Qt wrote it
    assert mnemonic(later.text()) not in (None, mnemonic(written))
