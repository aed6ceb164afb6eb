"""A day worked with the keyboard alone, on a copy of the demo office with real widgets: no button
shows as a window of its own (taking the main window's activation and every shortcut with it),
the keys start on the queue's table, Enter opens the case, Tab leaves the contact's notes, the
keys come back after a dialog or the palette (never under the idle lock), and back on the queue
the next case is the current row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMainWindow, QWidget

from app.money import from_minor
from tests.ui.test_case_page import _payable_case
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def activate(qtbot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def on_first_case(qtbot, database) -> QMainWindow:  # type: ignore[no-untyped-def]
    """agent01's window, active, on the queue's first case."""
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    window.open_case(window.queue.model.id_at(0))
    return window


def press(qtbot, window: QWidget, sequence: str) -> None:
    """Type a key or shortcut where the keyboard is, as a person at the desk does."""
    key = QKeySequence(sequence)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key.key(), key.keyboardModifiers())


class ShownAsWindows(QObject):
    """Every plain widget (not a main window, dialog, menu or tool tip) shown as a window."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() == Qt.WindowType.Window
            and not isinstance(watched, QMainWindow)
        ):
            text = watched.text() if isinstance(watched, QAbstractButton) else ""
            self.seen.append(f"{type(watched).__name__} {text}".strip())
        return False


class ModalCloser:
    """Acts on the modal dialog a step opens, from a timer inside its exec(); gives up after a
    bound (a failure, not a hang) and never outlives the test."""

    def __init__(self, act: Callable[[QWidget], None], kind: type = QDialog) -> None:
        self.act, self.kind = act, kind
        self.errors: list[BaseException] = []
        self.done = False
        self.polls = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if self.done:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, self.kind):
            self.polls += 1
            if self.polls < 250:  # five seconds
                QTimer.singleShot(20, self._poll)
            else:
                self.errors.append(AssertionError(f"no modal {self.kind.__name__} showed"))
            return
        self.done = True
        try:
            self.act(dialog)
        except BaseException as error:  # noqa: BLE001 - raised after exec() returned
            self.errors.append(error)
        finally:
            for _attempt in range(5):  # whatever is still modal, so that exec() returns
                shown = QApplication.activeModalWidget()
                if not isinstance(shown, QDialog):
                    break
                shown.reject()

    def check(self) -> None:
        self.done = True
        if self.errors:
            raise self.errors[0]
        assert self.polls < 250


# --- 1. no button of a role shows as a window of its own ------------------------------------------


@pytest.mark.parametrize("username", ["agent01", "supervisor"])
def test_role_buttons_never_show_as_windows_of_their_own(qtbot, database, username) -> None:
    spy = ShownAsWindows()
    QApplication.instance().installEventFilter(spy)
    try:
        window = window_for(qtbot, database, username)
        activate(qtbot, window)
        queue = window.queue
        window.open_case(queue.model.id_at(0))  # the first case: the case page is built now
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.seen == []
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not [w for w in shown if isinstance(w, QAbstractButton)]
    assert window in shown and QApplication.activeWindow() is window
    page = window.cases
    assert page.detail is not None and page.contact_button.isVisible()
    assert page.assign_button.isVisible() is (username == "supervisor")  # hidden by role
    assert queue.assign_button.isVisibleTo(queue) is (username == "supervisor")
    press(qtbot, window, "Ctrl+2")  # the shortcuts are alive
    assert window.stack.currentWidget() is queue


@pytest.mark.parametrize("username", ["agent01", "supervisor", "admin"])
def test_no_page_shows_a_button_as_a_window_of_its_own(qtbot, database, username) -> None:
    """Every page of the side bar, built and shown as each role: the buttons and filters a role
    lacks (or has) never flash up as windows taking the activation."""
    window = window_for(qtbot, database, username)
    activate(qtbot, window)
    spy = ShownAsWindows()
    QApplication.instance().installEventFilter(spy)
    try:
        for name in window.page_names:
            window.show_page(window.page(name))
            QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.seen == []
    assert QApplication.activeWindow() is window


# --- 2. Enter on the queue opens the case ---------------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_the_queue_opens_the_selected_case(qtbot, database, key) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    queue = window.queue
    assert queue.model.rowCount() >= 2
    queue.table.setCurrentIndex(queue.model.index(1, 0))
    assert queue.selected_ids() == [queue.model.id_at(1)]
    qtbot.keyClick(queue.table, key)
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail is not None and window.cases.detail.id == queue.model.id_at(1)


# --- 3. the keys start on the queue's table -------------------------------------------------------


def test_after_login_the_keys_go_to_the_queue_table(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    queue = window.queue
    assert window.stack.currentWidget() is queue
    assert window.focusWidget() is queue.table
    activate(qtbot, window)
    assert QApplication.focusWidget() is queue.table and queue.table.hasFocus()
    press(qtbot, window, "Down")  # the keys move along the cases
    assert queue.table.currentIndex().isValid()
    # Moving along the side bar keeps the keys there.
    window.sidebar.setFocus()
    press(qtbot, window, "Up")
    assert window.stack.currentWidget() is window.dashboard
    assert QApplication.focusWidget() is window.sidebar


# --- 4. Tab leaves the contact's notes ------------------------------------------------------------


def test_tab_in_the_contact_notes_moves_to_the_next_field(qtbot, database) -> None:
    from ui.dialogs.contact import ContactDialog

    window = window_for(qtbot, database, "agent01")
    window.open_case(window.queue.model.id_at(0))
    detail = window.cases.detail
    dialog = ContactDialog(window.database, window.user, detail.case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("connected"))  # a promise is open
    assert dialog.promise.isEnabled()
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Call back Friday")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    assert dialog.notes.toPlainText() == "Call back Friday"  # no tab typed into it
    assert dialog.focusWidget() is dialog.promise
    qtbot.keyClick(dialog.promise, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is dialog.notes
    dialog.reject()


def test_tab_leaves_every_notes_box_of_a_dialog(qtbot, database) -> None:
    """Tab moves on from a free-text box, never typing a tab into it: a complaint's description
    and the reason asked before personal data is revealed."""
    from PySide6.QtWidgets import QPlainTextEdit

    from tests.ui.test_queue import login
    from ui.dialogs.complaint import ComplaintDialog
    from ui.dialogs.reveal import RevealDialog

    dialogs = [ComplaintDialog(database, login(database, "supervisor")), RevealDialog()]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        boxes = dialog.findChildren(QPlainTextEdit)
        assert boxes
        for box in boxes:
            box.setFocus()
            qtbot.keyClicks(box, "note")
            qtbot.keyClick(box, Qt.Key.Key_Tab)
            assert box.toPlainText() == "note", type(dialog).__name__
        dialog.reject()


# --- 5. the keys come back after a dialog or the palette ------------------------------------------


def test_the_keys_come_back_after_a_modal_dialog(qtbot, database) -> None:
    window = on_first_case(qtbot, database)
    timeline = window.cases.timeline
    timeline.setFocus()
    assert QApplication.focusWidget() is timeline
    seen: list[QWidget] = []
    closer = ModalCloser(lambda dialog: seen.append(dialog))
    press(qtbot, window, "Ctrl+Shift+L")  # Log contact…: exec() until the closer rejects it
    closer.check()
    assert seen and type(seen[0]).__name__ == "ContactDialog"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is timeline, timeout=2000)
    assert QApplication.activeWindow() is window
    press(qtbot, window, "Ctrl+2")
    assert window.stack.currentWidget() is window.queue


def test_the_keys_come_back_after_the_palette(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    table = window.queue.table
    assert QApplication.focusWidget() is table
    press(qtbot, window, "Ctrl+K")
    palette = window.command_palette
    assert palette is not None and palette.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.filter, timeout=2000)
    press(qtbot, window, "Esc")
    assert not palette.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=2000)
    assert QApplication.activeWindow() is window
    # A page chosen in the palette: its list has the keys.
    press(qtbot, window, "Ctrl+K")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.filter, timeout=2000)
    qtbot.keyClicks(palette.filter, "borrowers")
    press(qtbot, window, "Return")
    assert window.stack.currentWidget() is window.borrowers
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.borrowers.table, timeout=2000)


def test_the_keys_come_back_after_a_dialog_run_from_the_palette(qtbot, database) -> None:
    window = on_first_case(qtbot, database)
    timeline = window.cases.timeline
    timeline.setFocus()
    press(qtbot, window, "Ctrl+K")
    palette = window.command_palette
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.filter, timeout=2000)
    qtbot.keyClicks(palette.filter, "log contact")
    assert palette.shown_titles()[0].startswith("Log contact")
    seen: list[QWidget] = []
    closer = ModalCloser(lambda dialog: seen.append(dialog))
    press(qtbot, window, "Return")  # the palette closes, the contact dialog runs its exec()
    closer.check()
    assert seen and not palette.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is timeline, timeout=2000)
    assert QApplication.activeWindow() is window


def test_the_keys_stay_with_the_idle_lock(qtbot, database) -> None:
    from ui.focus import give_back

    window = on_first_case(qtbot, database)
    lock = window.idle_lock
    timeline = window.cases.timeline
    timeline.setFocus()
    seen: dict[str, object] = {}

    def lock_then_close(dialog: QWidget) -> None:
        lock.lock()  # the idle time passes with the dialog open
        assert QApplication.activeModalWidget() is lock.front
        dialog.reject()  # the program lets the dialog go while locked

    closer = ModalCloser(lock_then_close)
    press(qtbot, window, "Ctrl+Shift+L")
    closer.check()
    # Nothing took the keyboard from the lock: it is still the newest modal window.
    assert lock.is_locked() and QApplication.activeModalWidget() is lock.front
    assert lock.front.focusWidget() is lock.front.password
    assert give_back(timeline) is False
    seen["unlocked"] = lock.try_unlock("demo")
    assert seen["unlocked"] and not lock.is_locked()
    # Under the cover (no modal dialog), the password keeps the keys too.
    lock.lock()
    assert give_back(timeline) is False
    assert window.focusWidget() is lock.overlay.password
    assert lock.try_unlock("demo")


# --- 6. back on the queue, the next case is current -----------------------------------------------


def test_back_on_the_queue_the_next_case_is_current(qtbot, database) -> None:
    window = window_for(qtbot, database, "agent01")
    activate(qtbot, window)
    queue = window.queue
    assert queue.model.rowCount() >= 3
    following = queue.model.id_at(2)
    queue.table.setCurrentIndex(queue.model.index(1, 0))
    press(qtbot, window, "Return")
    assert window.stack.currentWidget() is window.cases
    press(qtbot, window, "Ctrl+2")  # looked at, not finished: still listed, the next row
    assert window.stack.currentWidget() is queue
    assert queue.table.currentIndex().row() == 2 and queue.selected_ids() == [following]
    assert QApplication.focusWidget() is queue.table
    press(qtbot, window, "Return")
    assert window.cases.detail.id == following


def test_after_a_case_is_paid_the_next_one_is_current(qtbot, database) -> None:
    from ui.dialogs.payment import PaymentDialog

    case = _payable_case(database)
    window = window_for(qtbot, database, "supervisor")
    activate(qtbot, window)
    queue = window.queue
    row = queue.model.row_of(case.id)
    assert row is not None and row + 1 < queue.model.rowCount()
    following = queue.model.id_at(row + 1)
    queue.table.setCurrentIndex(queue.model.index(row, 0))
    press(qtbot, window, "Return")
    page = window.cases
    assert page.detail.id == case.id
    dialog = PaymentDialog(database, window.user, page.detail.loan.loan_no, page, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.amount, f"{from_minor(case.amount_overdue):,}")
    qtbot.keyClicks(dialog.reference, "KB-DAY-0001")
    assert dialog.try_post() is True
    assert page.detail.status == "closed" and queue.model.row_of(case.id) is None
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+2")
    assert window.stack.currentWidget() is queue
    assert queue.table.currentIndex().row() == row  # the rest moved up: the same position
    assert queue.selected_ids() == [following]
    press(qtbot, window, "Return")
    assert page.detail.id == following


# --- 2 and 3 on the first screen (a Log in pressed before the core had loaded) --------------------


def test_the_first_screen_starts_on_its_queue_and_enter_opens(
    qtbot, demo_path, monkeypatch
) -> None:
    from tests.conftest import TEST_KEY
    from tests.ui.test_quick_start import _start
    from ui.first_screen import FirstScreen
    from ui.quick_start import QuickStarted

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    started = _start(demo_path, "agent01", "demo")
    assert isinstance(started, QuickStarted)
    try:
        screen = FirstScreen(started.login.office, started.login.user, demo_path.name)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        activate(qtbot, screen)
        assert QApplication.focusWidget() is screen.table
        press(qtbot, screen, "Down")  # from the first row, current as the table took the keys
        assert screen.table.currentIndex().row() == 1
        press(qtbot, screen, "Return")  # opened as soon as the main window takes over
        assert screen.carried().case_id == screen.model.id_at(1)
        screen.close()
    finally:
        started.login.office.close()
        started.login.lock.release()
