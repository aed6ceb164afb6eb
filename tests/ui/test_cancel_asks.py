"""Cancel and the window's close button ask before what was typed is lost, as Escape does: Keep
editing leaves the dialog as it was, Discard closes it and nothing is saved; an untouched dialog
closes at once. Cancel and the close button threw a typed contact note away without a word."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QPushButton
from sqlalchemy import func, select

from app.models import Agreement, Case, CaseNote, Complaint, ContactAttempt
from tests.ui import test_queue
from tests.ui.test_keyboard_day import ModalCloser
from tests.ui.test_keyboard_names import shown
from tests.ui.test_queue import login

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
ASKED = {"en": "Discard what you typed?", "zh_CN": "放弃已输入的内容？"}


def a_case(database) -> str:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalars(select(Case.case_no).order_by(Case.id).limit(1)).one()


def count(database, model: type) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def contact_dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    return shown(qtbot, ContactDialog(database, login(database, "supervisor"), a_case(database)))


def complaint_dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.complaint import ComplaintDialog

    return shown(qtbot, ComplaintDialog(database, login(database, "supervisor"), a_case(database)))


def agreement_dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.agreement import AgreementDialog

    return shown(qtbot, AgreementDialog(database, login(database, "supervisor"), a_case(database)))


def case_note_dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.case_note import CaseNoteDialog

    return shown(qtbot, CaseNoteDialog(database, login(database, "supervisor"), a_case(database)))


def cancel_button(dialog: QDialog) -> QPushButton:
    buttons = dialog.findChildren(QDialogButtonBox)
    if buttons:
        return buttons[0].button(QDialogButtonBox.StandardButton.Cancel)
    return next(b for b in dialog.findChildren(QPushButton) if b.text() in ("Cancel", "取消"))


# (the dialog, the box typed in, what the dialog saves)
DIALOGS: dict[str, tuple[Callable, str, type]] = {
    "contact": (contact_dialog, "notes", ContactAttempt),
    "complaint": (complaint_dialog, "description", Complaint),
    "agreement": (agreement_dialog, "reason", Agreement),
    "case note": (case_note_dialog, "text", CaseNote),
}


def answer(discard: bool, asked: list[str]) -> Callable[[QMessageBox], None]:
    def act(box: QMessageBox) -> None:
        asked.append(box.text())
        assert box.defaultButton() is box.escapeButton()  # Enter and Escape keep editing
        if discard:
            role = QMessageBox.ButtonRole.DestructiveRole
            next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        else:
            box.defaultButton().click()

    return act


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_cancel_after_typing_asks_first(qtbot, database, kind: str) -> None:
    make, box_name, saves = DIALOGS[kind]
    before = count(database, saves)
    dialog = make(qtbot, database)
    box = getattr(dialog, box_name)
    box.setFocus()
    qtbot.keyClicks(box, "He lost his job in March")
    asked: list[str] = []
    closer = ModalCloser(answer(False, asked), QMessageBox)
    cancel_button(dialog).click()
    closer.check()
    assert asked == [ASKED["en"]]
    assert dialog.isVisible() and box.toPlainText() == "He lost his job in March"
    closer = ModalCloser(answer(True, asked), QMessageBox)
    cancel_button(dialog).click()
    closer.check()
    assert len(asked) == 2 and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert count(database, saves) == before


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_closing_after_typing_asks_first(qtbot, database, kind: str) -> None:
    make, box_name, _saves = DIALOGS[kind]
    dialog = make(qtbot, database)
    box = getattr(dialog, box_name)
    box.setFocus()
    qtbot.keyClicks(box, "Call after 18:00")
    asked: list[str] = []
    closer = ModalCloser(answer(False, asked), QMessageBox)
    assert not dialog.close()  # kept
    closer.check()
    assert asked == [ASKED["en"]] and dialog.isVisible()
    closer = ModalCloser(answer(True, asked), QMessageBox)
    assert dialog.close()
    closer.check()
    assert len(asked) == 2 and not dialog.isVisible()


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_an_untouched_dialog_closes_without_a_question(qtbot, database, kind: str) -> None:
    dialog = DIALOGS[kind][0](qtbot, database)
    cancel_button(dialog).click()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert QApplication.activeModalWidget() is None
    again = DIALOGS[kind][0](qtbot, database)
    assert again.close() and not again.isVisible()


def test_a_changed_choice_asks_too_and_changed_back_does_not(qtbot, database) -> None:
    """Not only a note: a complaint's category chosen is input the question guards."""
    dialog = complaint_dialog(qtbot, database)
    start = dialog.category.currentIndex()
    dialog.category.setCurrentIndex(start + 1)
    asked: list[str] = []
    closer = ModalCloser(answer(False, asked), QMessageBox)
    cancel_button(dialog).click()
    closer.check()
    assert asked == [ASKED["en"]] and dialog.isVisible()
    dialog.category.setCurrentIndex(start)  # as it was shown: nothing to lose
    cancel_button(dialog).click()
    assert not dialog.isVisible() and asked == [ASKED["en"]]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_question_over_a_contact_dialog(qtbot, database, lang, screenshot_dir) -> None:
    from ui.language import apply_language

    apply_language(lang)
    try:
        dialog = contact_dialog(qtbot, database)
        dialog.notes.setFocus()
        dialog.notes.insertPlainText(  # QTest types no Chinese: as an input method would
            "她儿子接的电话，18点后再打" if lang == "zh_CN" else "Her son answered"
        )
        asked: list[str] = []

        def look(box: QMessageBox) -> None:
            QApplication.processEvents()
            shot = dialog.grab()
            shot_box = box.grab()
            painter = QPainter(shot)
            painter.drawPixmap(
                (shot.width() - shot_box.width()) // 2,
                (shot.height() - shot_box.height()) // 2,
                shot_box,
            )
            painter.end()
            assert shot.save(str(screenshot_dir / f"draft-cancel-asks-{lang}.png"))
            answer(False, asked)(box)

        closer = ModalCloser(look, QMessageBox)
        cancel_button(dialog).click()
        closer.check()
        assert asked == [ASKED[lang]] and dialog.isVisible()
    finally:
        apply_language("en")
