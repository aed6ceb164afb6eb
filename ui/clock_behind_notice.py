"""This computer's clock set back, earlier than the office's last recorded work
(app/clock_behind.py): a box at login that must be acknowledged, then a warning in the status bar
while it lasts (checked again each minute by ui/day_watch.py). Work is not refused; the daily
backup and the day's queue rebuild to an earlier day wait until the clock is right."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app.clock_behind import ClockBehind, clock_behind
from app.i18n import sentences
from app.i18n import tr as _
from db.store import Database
from ui.colours import set_role
from ui.std_buttons import message_box
from ui.widgets import ERROR_ROLE

LABEL = "clock_behind_warning"
BOX = "clock_behind"


def check_clock_behind(window: QMainWindow, database: Database, *, ask: bool = True) -> bool:
    """Show (or take down) the status bar's warning; at login (`ask`) also the box that must be
    acknowledged. True while the clock is behind."""
    with database.sessions() as session:
        found = clock_behind(session)
    old = window.statusBar().findChild(QLabel, LABEL)
    if old is not None:
        window.statusBar().removeWidget(old)
        old.deleteLater()
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
    label.setToolTip(found.advice())
    label.linkActivated.connect(lambda _link: _tell(window, found, modal=False))
    window.statusBar().addPermanentWidget(label)
    return label


def _tell(window: QMainWindow, found: ClockBehind, *, modal: bool) -> QMessageBox:
    """The computer's time, the last work's and what to do. At login the whole app waits for
    its OK (shown, not exec'd: the window goes on painting behind it)."""
    title = _("This computer's clock is behind")
    box = message_box(QMessageBox.Icon.Warning, title, found.advice(), parent=window)
    box.setObjectName(BOX)
    if modal:
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.show()
    else:
        box.open()
    return box
