"""An agent's day with the keyboard alone (session 35), on a copy of the demo office, in English
and in Chinese: a visit is booked and a note added from the queue with a shortcut and from the
palette (only the case page's buttons reached them); Alt+S saves a contact, not "Supervisor
override…"; Tab past Cancel leaves Enter on the step's own button (it pressed Cancel); a case's
read-only summary takes no Alt+letters (Chinese gave its 19 values 状态(&J)… 最近联系(&1))."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import select

from app.models import Case, Loan
from tests.core.visit_office import case_nos
from tests.core.visit_office import login as visit_login
from tests.ui import test_keyboard_day
from tests.ui.shots import grab
from tests.ui.test_keyboard_day import ModalCloser, activate, press
from tests.ui.test_keyboard_names import first_case, shown, visit_db  # noqa: F401 (a fixture)
from tests.ui.test_queue import window_for
from ui.dialog_keys import default_button
from ui.mnemonic_text import mnemonic

pytestmark = pytest.mark.gui
database = test_keyboard_day.database  # a copy of the demo office, its queue rebuilt
SHOTS = Path("/tmp/s35")


@pytest.fixture(params=["en", "zh_CN"])
def lang(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from ui.language import apply_language

    apply_language(request.param)  # Qt's own words too, as the window shows them
    yield request.param
    apply_language("en")


def visitable_row(database, window) -> int:  # type: ignore[no-untyped-def]
    """The queue's most urgent case whose contract allows home visits."""
    model = window.queue.model
    with database.sessions() as s:
        consent = set(
            s.scalars(select(Case.id).join(Loan, Loan.id == Case.loan_id).where(
                Loan.home_visit_consent.is_(True)
            ))
        )  # fmt: skip
    return next(row for row in range(model.rowCount()) if model.id_at(row) in consent)


def run_by_keys(qtbot, window, keys: str, check) -> None:  # type: ignore[no-untyped-def]
    """Press `keys` where the keyboard is; `check` looks at the modal dialog they open."""
    closer = ModalCloser(check)
    press(qtbot, window, keys)
    qtbot.waitUntil(lambda: closer.done, timeout=5000)
    closer.check()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_log_contact_on_the_queues_first_case_as_it_opens(qtbot, database, lang) -> None:
    """After login the most urgent case is the current row (Enter opens it), not selected:
    Ctrl+Shift+L said "Open a case first." and left the queue for an empty case page."""
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    queue = window.queue
    assert QApplication.focusWidget() is queue.table and queue.selected_ids() == []
    with database.sessions() as s:
        most_urgent = s.get(Case, queue.model.id_at(0)).case_no
    seen: list[str] = []
    run_by_keys(qtbot, window, "Ctrl+Shift+L", lambda dialog: seen.append(dialog.case_no))
    assert seen == [most_urgent]
    assert window.cases.detail is not None and window.cases.detail.case_no == most_urgent


def test_a_visit_and_a_note_from_the_queue_by_shortcut(qtbot, database, lang) -> None:
    from ui.dialogs.case_note import CaseNoteDialog
    from ui.dialogs.visit import VisitDialog

    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    queue = window.queue
    assert QApplication.focusWidget() is queue.table
    row = visitable_row(database, window)
    for _down in range(row):
        press(qtbot, window, "Down")
    case_id = queue.model.id_at(row)
    with database.sessions() as s:
        case_no = s.get(Case, case_id).case_no
    seen: list[tuple[str, str]] = []

    def looked(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        focus = QApplication.focusWidget()
        assert focus is not None and focus.window() is dialog and not isinstance(focus, QLabel)
        grab(dialog, SHOTS / f"keyboard-{type(dialog).__name__}-{lang}.png")
        seen.append((type(dialog).__name__, dialog.case_no))

    run_by_keys(qtbot, window, "Ctrl+Shift+B", looked)  # Book visit…
    assert window.cases.detail is not None and window.cases.detail.id == case_id
    run_by_keys(qtbot, window, "Ctrl+Shift+N", looked)  # Add note…
    assert seen == [(VisitDialog.__name__, case_no), (CaseNoteDialog.__name__, case_no)]
    # The Case menu lists them with their keys, each with a letter of its own.
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu().actions()[0].shortcut()
                .toString() == "Ctrl+Shift+L")  # fmt: skip
    items = [a for a in menu.actions() if not a.isSeparator()]
    letters = [mnemonic(a.text()) for a in items]
    assert None not in letters and len(set(letters)) == len(letters)
    keys = {a.shortcut().toString() for a in items}
    assert {"Ctrl+Shift+B", "Ctrl+Shift+N"} <= keys


def test_a_dialog_opened_by_keys_shows_where_the_keys_are(qtbot, database, lang) -> None:
    """The visit's first check has the keys as the dialog opens: its focus frame is drawn (Qt
    drew none until a Tab, so Space ticked a check the agent could not see chosen)."""
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    window.queue.table.setCurrentIndex(window.queue.model.index(visitable_row(database, window), 0))
    drawn: list[bool] = []

    def look(dialog: QWidget) -> None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        focus = QApplication.focusWidget()
        assert focus is dialog.identity
        grab(dialog, SHOTS / f"keyboard-visit-focus-{lang}.png")
        shown_now = focus.grab().toImage()
        dialog.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as Qt had it
        drawn.append(shown_now != focus.grab().toImage())

    run_by_keys(qtbot, window, "Ctrl+Shift+B", look)
    assert drawn == [True]


def test_the_palette_books_a_visit(qtbot, database, lang) -> None:
    from ui.dialogs.visit import VisitDialog

    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    window.queue.table.setCurrentIndex(window.queue.model.index(visitable_row(database, window), 0))
    press(qtbot, window, "Ctrl+K")
    palette = window.command_palette
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.filter, timeout=2000)
    if lang == "en":
        qtbot.keyClicks(palette.filter, "book visit")
    else:  # as a Chinese input method hands over the words chosen
        typed = QInputMethodEvent()
        typed.setCommitString("预约上门")
        QApplication.sendEvent(palette.filter, typed)
    grab(palette, SHOTS / f"keyboard-palette-{lang}.png")
    assert palette.shown_titles()[0] == {"en": "Book visit", "zh_CN": "预约上门"}[lang]
    seen: list[str] = []
    run_by_keys(qtbot, window, "Return", lambda d: seen.append(type(d).__name__))
    assert seen == [VisitDialog.__name__]


def test_alt_s_saves_a_contact_not_the_override(qtbot, database) -> None:
    """English: the matching of letters gave Save's S to "Supervisor override…" ("Sa&ve")."""
    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, database, "agent01")
    dialog = shown(qtbot, ContactDialog(database, window.user, first_case(database, window)))
    assert dialog.override_button.isVisible()  # agent01's first case needs an override
    assert mnemonic(dialog.save_button.text()) == "S"
    assert mnemonic(dialog.override_button.text()) not in (None, "S")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("no_answer"))
    activate(qtbot, dialog)
    press(qtbot, dialog, "Alt+S")
    qtbot.waitUntil(lambda: dialog.last is not None, timeout=2000)  # saving was tried
    assert dialog.isVisible()  # held: it needs an override, and says so
    dialog.reject()


def test_tab_past_cancel_leaves_enter_on_the_steps_button(qtbot, visit_db) -> None:  # noqa: F811
    from ui.dialogs.visit import VisitDialog

    dialog = VisitDialog(visit_db, visit_login(visit_db, "agent01"), case_nos(visit_db)[0])
    shown(qtbot, dialog)
    first = QApplication.focusWidget()
    assert first is dialog.identity
    passed = []
    for _stop in range(12):  # a whole round, by Cancel
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        passed.append(QApplication.focusWidget())
        if QApplication.focusWidget() is first:
            break
    assert QApplication.focusWidget() is first and len(passed) > 4
    assert default_button(dialog) is dialog.verify_button
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)  # Confirm and continue, not Cancel
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=2000)
    assert dialog.isVisible()  # not cancelled
    dialog.reject()


def test_a_cases_summary_takes_no_alt_letters(qtbot, database, lang) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    press(qtbot, window, "Return")  # the most urgent case
    page = window.cases
    assert page.detail is not None
    focus = QApplication.focusWidget()
    assert focus is page.timeline  # not a read-only value
    grab(window, SHOTS / f"keyboard-case-{lang}.png")
    values = [*page.case_form.values.values(), *page.borrower_form.values.values()]
    labels = [w for w in window.findChildren(QLabel) if w.buddy() in values]
    assert len(labels) >= 10
    assert [w.text() for w in labels if mnemonic(w.text())] == []
    # The buttons keep theirs, and Alt+letter still presses them.
    assert mnemonic(page.note_button.text()) is not None


def test_a_borrower_found_by_phone_and_read_with_tab(qtbot, database, lang) -> None:
    """Ctrl+F, the number, Enter, Down: the borrower is current in the list; Tab through the
    pane reads each table by its heading (the phones and the addresses were both "Borrowers")."""
    from app.i18n import tr
    from app.models import Phone
    from ui.accessible import accessible_name

    with database.sessions() as s:
        phone = s.scalars(select(Phone).order_by(Phone.id)).first()
        number, borrower_id = phone.number, phone.borrower_id
    assert number.startswith("+86")
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    page = window.page("borrowers")
    press(qtbot, window, f"Ctrl+{window.page_names.index('borrowers') + 1}")
    assert window.stack.currentWidget() is page
    press(qtbot, window, "Ctrl+F")
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, number[3:])  # as the borrower says it, without +86
    press(qtbot, window, "Return")
    press(qtbot, window, "Down")
    assert QApplication.focusWidget() is page.table
    assert page.model.rowCount() >= 1 and page.model.id_at(0) == borrower_id
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=2000)
    grab(window, SHOTS / f"keyboard-borrowers-phone-{lang}.png")
    names = []
    for _stop in range(8):
        press(qtbot, window, "Tab")
        names.append(accessible_name(QApplication.focusWidget()))
    assert tr("Phones") in names and tr("Addresses") in names, names
    assert "" not in names and names[0] == tr("Borrower summary"), names  # the pane itself
