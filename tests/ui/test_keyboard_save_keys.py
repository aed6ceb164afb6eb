"""The keyboard-only day, saving: Ctrl+Enter saves a dialog from anywhere in it, a multi-line note
included (where Enter starts a new line, and Ctrl+Enter did nothing); in the payment dialog, whose
posting cannot be taken back, Enter goes down the form and posts from its last field (it posted from
the amount as typed, on today's date and the first method); a complaint recorded from a case starts
on the field after the case number filled in (it started on that number)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.models import Case
from app.money import from_minor
from tests.ui import test_keyboard_day
from tests.ui.test_case_page import _payable_case, _payments
from tests.ui.test_keyboard_day import ModalCloser, activate
from tests.ui.test_keyboard_names import first_case, shown
from tests.ui.test_queue import login, window_for

pytestmark = pytest.mark.gui
database = test_keyboard_day.database  # a copy of the demo office, its queue rebuilt
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_in_the_contact_notes_saves(qtbot, database, key) -> None:
    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, database, "supervisor")
    dialog = shown(qtbot, ContactDialog(database, window.user, first_case(database, window)))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("no_answer"))
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Rang twice")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)  # Enter: a new line, nothing saved
    qtbot.keyClicks(dialog.notes, "no voicemail")
    assert dialog.notes.toPlainText() == "Rang twice\nno voicemail"
    assert dialog.isVisible() and dialog.last is None
    qtbot.keyClick(dialog.notes, key, CTRL)
    assert dialog.last is not None  # the core was asked to save, with both lines
    assert dialog.notes.toPlainText() == "Rang twice\nno voicemail"
    if dialog.isVisible():
        dialog.reject()  # held by a rule: the dialog says why, as after Enter in a field
    else:
        assert dialog.result() == QDialog.DialogCode.Accepted and dialog.attempt is not None


def test_ctrl_enter_in_a_complaints_description_records_it(qtbot, database) -> None:
    from ui.dialogs.complaint import ComplaintDialog

    window = window_for(qtbot, database, "supervisor")
    case_no = first_case(database, window)
    dialog = shown(qtbot, ComplaintDialog(database, login(database, "supervisor"), case_no))
    dialog.description.setFocus()
    qtbot.keyClicks(dialog.description, "Called at 23:00")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return, CTRL)
    assert dialog.saved is not None and dialog.result() == QDialog.DialogCode.Accepted


def test_ctrl_enter_does_not_press_a_disabled_save(qtbot, database) -> None:
    """An agreement's Save draft held off (as a plan's wrong row holds it): Ctrl+Enter in its
    notes leaves the dialog as it was."""
    from ui.dialogs.agreement import AgreementDialog

    window = window_for(qtbot, database, "supervisor")
    dialog = shown(qtbot, AgreementDialog(database, window.user, first_case(database, window)))
    assert dialog.save_button.isDefault()
    dialog.save_button.setEnabled(False)
    notes = dialog.reason
    notes.setFocus()
    qtbot.keyClicks(notes, "Lost his job")
    qtbot.keyClick(notes, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.agreement_no is None
    assert notes.toPlainText() == "Lost his job"


def payment_dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.payment import PaymentDialog

    case = _payable_case(database)
    with database.sessions() as s:
        loan_no = s.get(Case, case.id).loan.loan_no
    dialog = shown(qtbot, PaymentDialog(database, login(database, "supervisor"), loan_no))
    dialog.amount.setFocus()
    qtbot.keyClicks(dialog.amount, f"{from_minor(case.amount_overdue):,}")
    return dialog


def test_enter_goes_down_the_payment_form_and_posts_from_its_last_field(qtbot, database) -> None:
    dialog = payment_dialog(qtbot, database)
    before = _payments(database)
    for field, following in [
        (dialog.amount, dialog.date),
        (dialog.date, dialog.method),
        (dialog.method, dialog.reference),
    ]:
        assert QApplication.focusWidget() is field
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is following
        assert dialog.isVisible() and dialog.saved is None and _payments(database) == before
    qtbot.keyClicks(dialog.reference, "KB-0001")
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Enter)  # the last field: Enter posts
    assert dialog.saved is not None and _payments(database) == before + 1
    assert dialog.saved.reference == "KB-0001"


def test_ctrl_enter_posts_a_payment_from_the_amount(qtbot, database) -> None:
    dialog = payment_dialog(qtbot, database)
    before = _payments(database)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return, CTRL)
    assert dialog.saved is not None and _payments(database) == before + 1


def test_a_complaint_from_a_case_starts_after_its_number(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    window.open_case(window.queue.model.id_at(0))
    page = window.cases
    seen: list[tuple[str, str]] = []

    def focus_of(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        seen.append((dialog.case_no.text(), type(QApplication.focusWidget()).__name__))
        assert QApplication.focusWidget() is dialog.agent

    closer = ModalCloser(focus_of)
    page.record_complaint()
    closer.check()
    assert seen == [(page.detail.case_no, "QComboBox")]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_escape_after_a_typed_note_asks_first(qtbot, database, lang, screenshot_dir) -> None:
    """Escape with a note typed asks: Escape again (Keep editing) leaves the dialog as it was,
    Discard closes it, nothing saved. Escape threw the note away at once (twice pressed, the
    first closing a list's popup, the second closed the dialog)."""
    from ui.language import apply_language

    apply_language(lang)  # Qt's own words too, as the window shows them
    try:
        _escape_asks(qtbot, database, lang, screenshot_dir)
    finally:
        apply_language("en")


def _escape_asks(qtbot, database, lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, database, "agent01")
    dialog = shown(qtbot, ContactDialog(database, window.user, first_case(database, window)))
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Her son answered; call after 18:00")
    asked: list[str] = []

    def answer(with_key: bool):  # type: ignore[no-untyped-def]
        def act(box: QMessageBox) -> None:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=2000)
            asked.append(box.text())
            if with_key:
                assert box.grab().save(str(screenshot_dir / f"qakeys-escape-{lang}.png"))
                qtbot.keyClick(box, Qt.Key.Key_Escape)  # Keep editing
            else:
                destructive = QMessageBox.ButtonRole.DestructiveRole
                next(b for b in box.buttons() if box.buttonRole(b) == destructive).click()

        return act

    closer = ModalCloser(answer(True), QMessageBox)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    closer.check()
    assert asked == [{"en": "Discard what you typed?", "zh_CN": "放弃已输入的内容？"}[lang]]
    assert dialog.isVisible() and dialog.notes.toPlainText().startswith("Her son")
    closer = ModalCloser(answer(False), QMessageBox)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    closer.check()
    assert len(asked) == 2 and not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.last is None
