"""Undo the Work queue's last bulk assignment (a wrong agent picked for 500 cases): an Undo button
beside the message that said how it went, and Edit ▸ Undo last assignment, both until the next
assignment or the window closes. Asked first (No the default); a big batch runs off the GUI
thread with the assignment's own worker and progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session

from app.cases.assign_undo import UndoneAssignment, undo_assignment, undone_text
from app.cases.assign_write import Progress
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.confirm import ask_first
from ui.dialogs.assign_worker import AssignWorker, run_assignment
from ui.signals import ChangeHub

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class QueueUndo:
    """The Work queue's offer to undo its last bulk assignment (a mixin of QueuePage)."""

    database: Database
    hub: ChangeHub
    user: User
    message: QLabel
    assign_worker: AssignWorker | None
    assign_inline_max: int
    undo_batch: int | None = None  # the last bulk assignment's number, while it may be undone
    undo_count = 0  # how many cases it moved

    show_message: Callable[..., None]  # the page's (ui/pages/queue_actions.py)

    def undo_button_made(self) -> QPushButton:
        """The Undo button, shown beside the message while there is a batch to undo."""
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setToolTip(_("Undo last assignment"))
        self.undo_button.clicked.connect(self.undo_assignment)
        self.undo_button.hide()
        return self.undo_button

    def offer_undo(self, batch: int | None, count: int) -> None:
        """After an assignment: its batch may be undone when it moved more than one case; any
        other assignment ends the offer of the one before."""
        many = batch is not None and count > 1
        self.undo_batch, self.undo_count = (batch, count) if many else (None, 0)
        self.undo_button.setVisible(many)
        action = self._undo_action()
        if action is not None:
            action.setEnabled(many)

    def _undo_action(self) -> QAction | None:
        from ui.actions import Action

        actions = getattr(cast_widget(self).window(), "command_actions", None)
        return actions.by_id.get(Action.UNDO_ASSIGNMENT) if actions is not None else None

    def undo_assignment(self) -> bool:
        """Ask, then undo the last bulk assignment; False when there is none or the answer is
        No (the callbacks have run on return unless the batch went to the worker)."""
        batch, count = self.undo_batch, self.undo_count
        if batch is None:
            return False
        question = plural(
            count,
            "Undo the assignment of {count} case? Each case still where the assignment put it "
            "goes back to its previous agent, or back to the queue if it was unassigned; a case "
            "reassigned or closed since is left as it is.",
            "Undo the assignment of {count} cases? Each case still where the assignment put it "
            "goes back to its previous agent, or back to the queue if it was unassigned; cases "
            "reassigned or closed since are left as they are.",
        )
        if not ask_first(cast_widget(self), _("Undo assignment"), question):
            return False

        def work(session: Session, actor: User, progress: Progress) -> UndoneAssignment:
            return undo_assignment(session, actor, batch, progress)

        self.assign_worker = run_assignment(
            cast_widget(self),
            self.database,
            self.user,
            count,
            work,
            self._undone,
            lambda message: self.show_message(message, error=True),
            self.assign_inline_max,
        )
        return True

    def _undone(self, result: UndoneAssignment) -> None:
        self.show_message(undone_text(result))
        self.offer_undo(None, 0)
        self.hub.announce("case")


def cast_widget(page: Any) -> QWidget:
    """The page as the widget it is (the mixin knows it only as itself)."""
    widget: QWidget = page
    return widget


def undo_last_assignment(window: MainWindow) -> bool:
    """Edit ▸ Undo last assignment: the Work queue's offer, on its page (where the result shows)."""
    page: Any = window.built.get("queue")
    if page is None or page.undo_batch is None:
        return False
    window.show_page(page)
    return bool(page.undo_assignment())
