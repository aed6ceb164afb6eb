"""A warning in the status bar when this computer's clock is not on the office's time zone
(app/clock.py): Casedesk's dates and times are the office's, so for hours each day they differ from
the computer's own clock. Its link explains what to do."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from app.clock import Clocks, clocks
from app.i18n import sentences
from app.i18n import tr as _
from db.store import Database
from ui.colours import set_role
from ui.std_buttons import message_box
from ui.widgets import ERROR_ROLE


def show_clock_warning(window: QMainWindow, database: Database) -> QLabel | None:
    """Put the warning at the right end of the window's status bar; None (and nothing shown)
    when the clocks agree."""
    with database.session() as session:
        found = clocks(session)
    if found is None or found.agree:
        return None
    link = escape(_("What to do"), quote=False)
    said = escape(found.short(), quote=False)
    # No space after a Chinese full stop: 。如何处理, not 。 如何处理.
    label = QLabel(sentences([said, f'<a href="details">{link}</a>']))
    label.setObjectName("clock_warning")
    set_role(label, ERROR_ROLE)
    label.setToolTip(found.advice())
    label.linkActivated.connect(lambda _link: explain(window, found))
    window.statusBar().addPermanentWidget(label)
    return label


def explain(window: QMainWindow, found: Clocks) -> QMessageBox:
    """The warning's details in a box of their own (not blocking the window)."""
    box = message_box(QMessageBox.Icon.Warning, _("Clock"), found.advice(), parent=window)
    box.setObjectName("clock_advice")
    box.open()
    return box
