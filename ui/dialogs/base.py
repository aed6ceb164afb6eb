"""What the form dialogs share: an inline error line, OK and Cancel (which asks before what was
typed is lost), a save through one core use case (a refusal shows inline and the dialog stays open)
and the modal run behind each dialog's class-method entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from sqlalchemy.orm import Session

from app.errors import CasedeskError
from app.models import User
from db.store import Database
from ui.discard import AsksBeforeDiscard
from ui.focus import focus_returns
from ui.screen_fit import make_room
from ui.std_buttons import button_box
from ui.widgets import error_label

T = TypeVar("T")
R = TypeVar("R")
OK = QDialogButtonBox.StandardButton.Ok
SAVE = QDialogButtonBox.StandardButton.Save


def ok_cancel(
    dialog: QDialog,
    ok_text: str,
    on_ok: Callable[[], object],
    ok: QDialogButtonBox.StandardButton = OK,
) -> QDialogButtonBox:
    """`ok` (Ok or Save) titled `ok_text`, which calls `on_ok`, and Cancel, which rejects (a form
    asks first when something was typed: ui/discard.py)."""
    buttons = button_box(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(
        dialog.cancel if isinstance(dialog, AsksBeforeDiscard) else dialog.reject
    )
    return buttons


def run_modal(dialog: QDialog, result: Callable[[], T]) -> T | None:
    """Run `dialog` modally, then delete it; `result()` when it was accepted, else None. The
    keyboard then goes back to the widget that had it (ui/focus.py)."""
    with focus_returns(dialog.parentWidget()):
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = result() if accepted else None
    dialog.deleteLater()
    return value


class FormDialog(AsksBeforeDiscard):
    """A dialog with a hidden error line that a refusal fills; the dialog then stays open. Cancel,
    Escape and the close button ask before what was typed in it is lost."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error_label()

    def show_error(self, text: str) -> None:
        """Say why in the error line; an empty `text` hides it."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            make_room(self)


class SaveDialog(FormDialog, Generic[T]):
    """A form that `user` saves through one core use case; `saved` holds what it returned."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.saved: T | None = None

    def as_user(self, work: Callable[[Session, User], R]) -> R:
        """`work(session, actor)` in one transaction, `actor` being `user` in that session."""
        with self.database.session(write_lock=True) as session:
            actor = session.get(User, self.user.id)
            assert actor is not None
            return work(session, actor)

    def save_through(self, work: Callable[[], T]) -> bool:
        """Run `work` and accept; on a CasedeskError show it, keep nothing and stay open."""
        try:
            saved = work()
        except CasedeskError as error:
            self.saved = None
            self.show_error(error.translated())
            return False
        self.error.hide()
        self.saved = saved
        self.accept()
        return True
