"""This computer's clock set back, earlier than the office's last recorded work
(app/clock_behind.py): a box at login that must be acknowledged, then a warning in the status bar
while it lasts (checked again each minute by ui/day_watch.py). Work is not refused; the daily
backup and the day's queue rebuild to an earlier day wait until the clock is right. An admin's box
has This clock is right…, for when the last work was dated by a computer whose clock was ahead
(ui/dialogs/clock_right.py): once confirmed the warning goes, and the day's rebuild and backup
run."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app.auth import Permission, can
from app.clock_behind import ClockBehind, clock_behind
from app.clock_right import ClockConfirmed
from app.i18n import sentences
from app.i18n import tr as _
from db.store import Database
from ui.colours import set_role
from ui.std_buttons import message_box
from ui.widgets import ERROR_ROLE

LABEL = "clock_behind_warning"
BOX = "clock_behind"
RIGHT = "clock_right"  # an admin's button in the box


def check_clock_behind(window: QMainWindow, database: Database, *, ask: bool = True) -> bool:
    """Show (or take down) the status bar's warning; at login (`ask`) also the box that must be
    acknowledged. True while the clock is behind."""
    with database.sessions() as session:
        found = clock_behind(session)
    _take_down(window)
    if found is None:
        return False
    _status_label(window, found)
    if ask:
        _tell(window, found, modal=True)
    return True


def _status_label(window: QMainWindow, found: ClockBehind) -> QLabel:
    link = escape(_("What to do"), quote=False)
    said = escape(found.short(), quote=False)
    label = QLabel(sentences([said, f'<a href="details">{link}</a>']))
    label.setObjectName(LABEL)
    set_role(label, ERROR_ROLE)
    label.setToolTip(found.advice(may_confirm=_may_confirm(window)))
    label.linkActivated.connect(lambda _link: _tell(window, found, modal=False))
    window.statusBar().addPermanentWidget(label)
    return label


def _may_confirm(window: QMainWindow) -> bool:
    """The window's user may confirm this clock right (an admin): the box has the button, and
    the advice names it; anyone else's says to ask an admin."""
    user = getattr(window, "user", None)
    return user is not None and can(user, Permission.CONFIRM_CLOCK)


def _take_down(window: QMainWindow) -> None:
    old = window.statusBar().findChild(QLabel, LABEL)
    if old is not None:
        window.statusBar().removeWidget(old)
        old.deleteLater()


def _tell(window: QMainWindow, found: ClockBehind, *, modal: bool) -> QMessageBox:
    """The computer's time, the last work's and what to do. At login the whole app waits for
    its OK (shown, not exec'd: the window goes on painting behind it)."""
    title = _("This computer's clock is behind")
    admin = _may_confirm(window)
    advice = found.advice(may_confirm=admin)
    box = message_box(QMessageBox.Icon.Warning, title, advice, parent=window)
    box.setObjectName(BOX)
    if admin:
        right = box.addButton(_("This clock is right…"), QMessageBox.ButtonRole.ActionRole)
        right.setObjectName(RIGHT)
        right.clicked.connect(lambda: offer_clock_right(window, found))
    if modal:
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.show()
    else:
        box.open()
    return box


def offer_clock_right(window: QMainWindow, found: ClockBehind) -> None:
    """The admin's confirmation, window-modal; once saved, `clock_right_confirmed`."""
    from ui.dialogs.clock_right import ClockRightDialog

    database: Database = window.database  # type: ignore[attr-defined]
    dialog = ClockRightDialog(database, window.user, found, window)  # type: ignore[attr-defined]
    dialog.accepted.connect(lambda: clock_right_confirmed(window, dialog.saved))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    dialog.reason.setFocus()


def clock_right_confirmed(window: QMainWindow, done: ClockConfirmed | None) -> None:
    """The warning taken down and the status bar saying so; then the day's rebuild (as of
    today) and, on a file, its backup, which waited for the clock."""
    if done is None:
        return
    _take_down(window)
    window.statusBar().showMessage(
        _("This computer's clock is confirmed right."),
        30_000,
    )
    if not getattr(window, "closing", False) and getattr(window, "restored", None) is None:
        from ui.app import start_background_work

        start_background_work(window)  # type: ignore[arg-type]
