"""The idle lock with dialogs open, on a copy of the demo office with real widgets: a dialog left
open (a contact being logged: the borrower's name, numbers, notes) is put away when the idle time
passes, and brought back as it was after the password: a non-modal one is hidden, a modal one run
with exec() is covered (hiding would end its exec()) while the lock shows above it as a window of
its own that takes the password; message boxes and Qt's own file dialog likewise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from sqlalchemy import select

from app.i18n import set_language
from app.i18n import tr as _
from app.models import Case, CaseStatus, User
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.gui
SIZE = (1366, 768)
SHOTS = Path("/tmp/shots-c")
NOTES = "Asked to call back Friday after 6 pm; new number 13912345678"
LOCKED_AFTER_MS = 150


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


@pytest.fixture
def shots(screenshot_dir: Path) -> list[Path]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return [SHOTS, screenshot_dir]


def window_for(qtbot, database, username: str = "agent01"):
    from app.auth import authenticate
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, username, "demo"))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def agent_case(database, username: str = "agent01") -> int:
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == username))
        found = s.scalar(
            select(Case.id)
            .where(Case.assigned_agent_id == agent.id, Case.status != CaseStatus.CLOSED)
            .order_by(Case.id)
        )
    assert found is not None
    return found


def contact_dialog(qtbot, window):
    """The contact dialog on the window's open case, shown without exec() (non-modal)."""
    from ui.dialogs.contact import ContactDialog

    detail = window.cases.detail
    dialog = ContactDialog(window.database, window.user, detail.case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save(widget: QWidget, name: str, shots: list[Path]) -> None:
    QApplication.processEvents()
    for folder in shots:
        assert widget.grab().save(str(folder / name))


def save_over(window: QWidget, dialog: QWidget, name: str, shots: list[Path]) -> None:
    """The window with a dialog drawn centred on top (offscreen windows are grabbed apart)."""
    QApplication.processEvents()
    image = window.grab()
    over = dialog.grab()
    bar = dialog.fontMetrics().height() + 12  # offscreen windows have no title bar: draw one
    painter = QPainter(image)
    left = (image.width() - over.width()) // 2
    top = (image.height() - over.height() - bar) // 3
    painter.fillRect(left, top, over.width(), bar, QColor("#455a64"))
    painter.setPen(QColor("#ffffff"))
    painter.drawText(left + 10, top + bar - 8, dialog.windowTitle())
    painter.drawPixmap(QPoint(left, top + bar), over)
    painter.end()
    for folder in shots:
        assert image.save(str(folder / name))


def let_the_lock_fire(qtbot, lock) -> None:
    """Shorten the idle time, wait for the lock, then lengthen it again (the unlock restarts
    the count, and a test's next steps take longer than a short one)."""
    lock.set_timeout(LOCKED_AFTER_MS)
    qtbot.waitUntil(lock.is_locked, timeout=3000)
    lock.set_timeout(60_000)


def type_into_window(widget: QWidget, text: str) -> None:
    """Type as the window system delivers keys: to the window's focus, unless a modal window
    blocks it (QTest.keyClicks on a widget would skip that check)."""
    handle = widget.window().windowHandle()
    assert handle is not None
    for char in text:
        QTest.keyClick(handle, Qt.Key(ord(char.upper())))


def press_enter(widget: QWidget) -> None:
    handle = widget.window().windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Return)


def close_modal_windows() -> None:
    """Close what a failed step left open, so that the exec() under it returns."""
    for _attempt in range(10):
        shown = QApplication.activeModalWidget()
        if shown is None:
            return
        if isinstance(shown, QDialog):
            shown.reject()
        else:
            shown.hide()


class Inside:
    """Runs steps inside a modal dialog's exec() (the loop a person would be in), keeping any
    failure to raise after exec() returned, and never leaving a dialog open."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def when_modal(self, kind: type, act: Callable[[QWidget], None], lock=None) -> None:
        polls = [0]

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, kind):
                polls[0] += 1
                if polls[0] < 500:  # ten seconds, then the step is given up, not polled forever
                    QTimer.singleShot(20, poll)
                else:
                    self.errors.append(AssertionError(f"no modal {kind.__name__} showed"))
                return
            try:
                act(dialog)
            except BaseException as error:  # noqa: BLE001 - raised after exec() returns
                self.errors.append(error)
                if lock is not None and lock.is_locked():
                    lock.try_unlock("demo")
                close_modal_windows()

        QTimer.singleShot(0, poll)

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]


# --- a non-modal dialog ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_dialog_left_open_is_hidden_by_the_lock_and_back_with_its_text(
    qtbot, database, shots, lang: str
) -> None:
    set_language(lang)
    try:
        _hidden_and_back(qtbot, database, shots, lang)
    finally:
        set_language("en")


def _hidden_and_back(qtbot, database, shots, lang: str) -> None:
    window = window_for(qtbot, database)
    window.open_case(agent_case(database))
    dialog = contact_dialog(qtbot, window)
    assert window.user.username != dialog.windowTitle()
    # Typed in, as a user would: the keyboard is in the dialog, which has its Alt+letters
    # (ui/mnemonics.py) and its width for them by then.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    qtbot.keyClicks(dialog.notes, NOTES)
    where = dialog.geometry()
    lock = window.idle_lock
    let_the_lock_fire(qtbot, lock)  # the idle time passes with the dialog open
    assert not dialog.isVisible()  # the borrower's name and numbers are off the screen
    assert lock.overlay.isVisible() and lock.overlay.geometry() == window.rect()
    assert lock.front is None or not lock.front.isVisible()  # no modal dialog: the cover will do
    save(window, f"idle_lock_dialog_hidden_{lang}.png", shots)

    qtbot.keyClicks(dialog.notes, " typed while locked")  # it takes nothing meanwhile
    assert not lock.try_unlock("wrong") and not dialog.isVisible()
    qtbot.keyClicks(lock.overlay.password, "demo")
    qtbot.mouseClick(lock.overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked()
    assert dialog.isVisible() and dialog.notes.toPlainText() == NOTES
    assert dialog.geometry() == where
    assert dialog.windowModality() == Qt.WindowModality.NonModal  # as it was
    save_over(window, dialog, f"idle_unlocked_dialog_back_{lang}.png", shots)
    assert lock.timer.isActive()  # counting again


def test_a_dialog_closed_by_the_program_while_locked_stays_closed(qtbot, database) -> None:
    window = window_for(qtbot, database)
    window.open_case(agent_case(database))
    dialog = contact_dialog(qtbot, window)
    window.idle_lock.lock()
    assert not dialog.isVisible()
    dialog.reject()  # e.g. the case was closed elsewhere and the program let the dialog go
    assert window.idle_lock.try_unlock("demo")
    assert not dialog.isVisible()


# --- a modal dialog run with exec() ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_modal_contact_dialog_is_covered_and_the_lock_takes_the_password_above_it(
    qtbot, database, shots, lang: str
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.open_case(agent_case(database))
        lock = window.idle_lock
        inside = Inside()
        seen: dict[str, object] = {}

        def act(dialog) -> None:
            title = dialog.windowTitle()
            qtbot.keyClicks(dialog.notes, NOTES)
            let_the_lock_fire(qtbot, lock)
            # Still open in its exec() (hiding it would have ended that), but covered, and its
            # title, which names the borrower, replaced.
            assert dialog.isVisible() and QApplication.activeModalWidget() is lock.front
            covers = [c for c in dialog.findChildren(QWidget, "LockCover") if c.isVisible()]
            assert len(covers) == 1 and covers[0].geometry() == dialog.rect()
            assert dialog.windowTitle() == _("Casedesk is locked") != title
            front = lock.front
            assert front is not None and front.isVisible()
            assert front.geometry() == window.frameGeometry()  # over the whole window
            save(front, f"idle_lock_over_modal_{lang}.png", shots)
            save_over(window, dialog, f"idle_lock_modal_covered_{lang}.png", shots)
            # The main window is blocked by the modal dialog: keys typed there reach nothing.
            type_into_window(window, "demo")
            assert lock.overlay.password.text() == "" and front.password.text() == ""
            assert dialog.notes.toPlainText() == NOTES
            # The lock's own window takes them.
            type_into_window(front, "wrong")
            press_enter(front)
            assert lock.is_locked() and front.error.isVisible()
            type_into_window(front, "demo")
            press_enter(front)
            assert not lock.is_locked() and not front.isVisible()
            # Back as it was: uncovered, titled, the notes kept, still the modal dialog.
            assert not [c for c in dialog.findChildren(QWidget, "LockCover") if c.isVisible()]
            assert dialog.windowTitle() == title
            assert dialog.notes.toPlainText() == NOTES
            assert QApplication.activeModalWidget() is dialog
            assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
            seen["still_in_exec"] = dialog.isVisible()
            dialog.reject()

        inside.when_modal(QWidget, act, lock)
        assert window.log_contact() is None  # exec() returned only when the test closed it
        inside.check()
        assert seen["still_in_exec"] is True
    finally:
        set_language("en")


# --- message boxes and Qt's own file dialog ----------------------------------------------------


def test_a_file_dialog_over_the_backups_dialog_is_covered_and_back(
    qtbot, database, shots, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.backups import BackupsDialog

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    window = window_for(qtbot, database, "admin")
    lock = window.idle_lock
    inside = Inside()
    seen: dict[str, object] = {}

    def in_file_dialog(files) -> None:
        assert isinstance(files, QFileDialog)
        backups = files.parentWidget()
        let_the_lock_fire(qtbot, lock)
        for shown in (files, backups):  # both still open, both covered
            assert shown.isVisible() and shown.windowTitle() == _("Casedesk is locked")
            assert shown.findChild(QWidget, "LockCover").isVisible()
        assert QApplication.activeModalWidget() is lock.front
        type_into_window(lock.front, "demo")
        press_enter(lock.front)
        assert not lock.is_locked()
        assert QApplication.activeModalWidget() is files  # the file dialog on top, as it was
        assert files.windowTitle() == _("Restore from a file")
        assert backups.windowTitle() == _("Backups")
        seen["files"] = True
        files.reject()

    def in_backups(backups) -> None:
        assert isinstance(backups, BackupsDialog)
        backups.folder.setText(str(tmp_path))
        inside.when_modal(QFileDialog, in_file_dialog, lock)
        backups.file_button.click()  # Qt's own file dialog, run with exec() inside this one
        assert backups.folder.text() == str(tmp_path)
        seen["backups"] = True
        backups.reject()

    inside.when_modal(BackupsDialog, in_backups, lock)
    assert window.open_backups() is None
    inside.check()
    assert seen == {"files": True, "backups": True}


def test_a_message_box_that_shows_while_locked_is_covered_too(qtbot, database, shots) -> None:
    window = window_for(qtbot, database, "admin")
    lock = window.idle_lock
    inside = Inside()
    seen: dict[str, object] = {}
    lock.lock()
    assert lock.is_locked() and QApplication.activeModalWidget() is None

    def in_box(box) -> None:
        assert isinstance(box, QMessageBox)
        # The box came after the lock: it is covered, and the lock is shown again above it,
        # the newest modal window, so the password can still be typed (not a box nobody can
        # close over a lock nobody can reach).
        front = lambda: getattr(lock, "front", None)  # noqa: E731
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is front(), timeout=3000)
        assert box.isVisible() and box.findChild(QWidget, "LockCover").isVisible()
        assert "disk is full" not in box.windowTitle()
        type_into_window(lock.front, "demo")
        press_enter(lock.front)
        assert not lock.is_locked()
        assert QApplication.activeModalWidget() is box and box.windowTitle() == _("Backups")
        assert "disk is full" in box.text()
        seen["box"] = True
        box.accept()

    inside.when_modal(QMessageBox, in_box, lock)
    window._daily_backup_done(None, "the disk is full")  # the daily backup's warning box
    inside.check()
    assert seen == {"box": True}


def test_a_message_box_open_when_the_lock_fires(qtbot, database) -> None:
    window = window_for(qtbot, database)
    lock = window.idle_lock
    inside = Inside()

    def in_box(box) -> None:
        let_the_lock_fire(qtbot, lock)
        assert box.isVisible() and box.findChild(QWidget, "LockCover").isVisible()
        assert QApplication.activeModalWidget() is lock.front
        assert lock.try_unlock("demo")
        assert QApplication.activeModalWidget() is box
        box.accept()

    inside.when_modal(QMessageBox, in_box, lock)
    QMessageBox.information(window, "Casedesk", "Nothing to show.")
    inside.check()
