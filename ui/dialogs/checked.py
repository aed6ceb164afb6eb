"""A dialog whose save the compliance rules check (the contact and visit dialogs): the verdict is
re-checked live as the fields change, a refused save says why, and a supervisor's override is
offered only when the verdict allows one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.compliance.model import Verdict
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User, VerdictKind
from db.store import Database
from ui.dialogs.base import FormDialog
from ui.dialogs.override import Overridden, OverrideDialog, VerdictPanel
from ui.signals import ChangeHub
from ui.widgets import inline_label, row

DEBOUNCE_MS = 200


class Checked(Protocol):
    """What a checked use case returns: whether it saved, and the verdict either way."""

    saved: bool
    verdict: Verdict


R = TypeVar("R", bound=Checked)


class CheckedDialog(FormDialog):
    """A form beside a live verdict panel; a block or a needed override keeps it open."""

    overridden = Overridden.CONTACT  # what the override dialog says it lets through

    def __init__(
        self,
        database: Database,
        user: User,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.hub = database, user, hub
        self.last: Any = None  # the last save's result, saved or not
        self.status = inline_label("status", "error_bold")
        self.panel = VerdictPanel()
        self.override_button = QPushButton(_("Supervisor override…"))
        self.override_button.setEnabled(False)
        self.override_button.clicked.connect(self.override)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_verdict)

    # --- layout ---------------------------------------------------------------------------
    def beside_panel(self, form: QFormLayout) -> QHBoxLayout:
        """The form on the left at its rows' natural height, the verdict panel on the right."""
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(self.panel, 2)
        return columns

    def button_row(self, default: QPushButton, *left: QWidget) -> QHBoxLayout:
        """`left` at the left; `default` (the default button) and Cancel at the right."""
        default.setDefault(True)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.cancel)
        return row(*left, (QWidget(), 1), default, cancel)

    # --- the live check -------------------------------------------------------------------
    def schedule_check(self) -> None:
        """Re-check 200 ms after the last change (typing and scrolling stay smooth). A refused
        save's line spoke of the fields as they were: the verdict to come speaks of these."""
        self.show_status("")
        self.timer.start()

    def check(self, session: Session, actor: User) -> Verdict:
        """The rules' verdict on the fields as they stand (each dialog its own use case)."""
        raise NotImplementedError

    def refresh_verdict(self) -> Verdict | None:
        """Run the rules on the fields as they stand; nothing is saved."""
        self.timer.stop()
        try:
            with self.database.sessions() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                verdict = self.check(session, actor)
        except CasedeskError as error:
            self.panel.show_problem(error.translated())
            self.override_button.setEnabled(False)
            self.verdict_shown(None)
            return None
        self.panel.show_verdict(verdict)
        self.override_button.setEnabled(verdict.kind is VerdictKind.NEEDS_OVERRIDE)
        self.verdict_shown(verdict)
        return verdict

    def verdict_shown(self, verdict: Verdict | None) -> None:
        """The panel now shows `verdict` on the fields as they stand (None: they cannot be
        checked yet); a dialog offers what it allows."""

    # --- saving ---------------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        """Say why a save was refused; an empty `text` hides the line."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def save_checked(
        self, save: Callable[[Session, User, User | None], R], override_by: User | None
    ) -> R | None:
        """Run `save(session, actor, supervisor)` under the write lock and show its verdict;
        None when the core refused the fields (said in the error line)."""
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                boss = session.get(User, override_by.id) if override_by else None
                assert actor is not None
                result = save(session, actor, boss)
        except CasedeskError as error:
            self.show_error(error.translated())
            return None
        self.show_error("")
        self.last = result
        self.panel.show_verdict(result.verdict)
        self.verdict_shown(result.verdict)
        return result

    def settle(self, result: Checked, entities: Sequence[str], blocked: str, held: str) -> bool:
        """Saved: announce `entities` and close. Refused: say why (`blocked` or `held`), announce
        a recorded block, and offer the override only when the verdict allows one."""
        if result.saved:
            if self.hub is not None:
                self.hub.announce(*entities)
            self.accept()
            return True
        kind = result.verdict.kind
        if kind is VerdictKind.BLOCKED:
            self.show_status(blocked)
            if self.hub is not None:
                self.hub.announce("blocked_attempt")
        else:
            self.show_status(held)
        self.override_button.setEnabled(kind is VerdictKind.NEEDS_OVERRIDE)
        return False

    def try_save(self, override_by: User | None = None, override_reason: str | None = None) -> bool:
        """Save through the core, with a supervisor's override when given (each dialog its own)."""
        raise NotImplementedError

    def override(self) -> bool:
        """Ask a supervisor, then save again with their name and reason."""
        granted = OverrideDialog.ask(self, self.database, self.overridden)
        if granted is None:
            return False
        return self.try_save(*granted)
