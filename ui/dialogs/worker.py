"""Long work off the GUI thread as the acting user (an import, an export, a queue rebuild): its
own session, the result or the failure in words through signals; it never touches a widget."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.errors import CasedeskError
from app.models import User
from db.store import Database
from ui.crash import told


class ActingWorker(QThread):
    """Runs `work(session, actor)` in a session of its own; `succeeded(result)` or
    `failed(text)`. An exception of `stops` (the user stopped the work) calls `stopped()`."""

    succeeded = Signal(object)
    failed = Signal(str)
    write_lock = False
    stops: tuple[type[Exception], ...] = ()

    def __init__(self, database: Database, user_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user_id = user_id

    def work(self, session: Session, actor: User) -> Any:
        raise NotImplementedError

    def failure(self, error: str) -> str:
        """What an unexpected error says, in the user's words (each work names itself)."""
        raise NotImplementedError

    def stopped(self) -> None:
        """The work was stopped by the user; nothing of it was saved."""

    def run(self) -> None:
        try:
            with self.database.session(write_lock=self.write_lock) as session:
                actor = session.get(User, self.user_id)
                assert actor is not None
                result = self.work(session, actor)
        except self.stops:
            self.stopped()
            return
        except CasedeskError as error:
            self.failed.emit(error.translated())
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(self.failure(told(error)))
            return
        self.succeeded.emit(result)
