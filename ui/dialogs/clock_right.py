"""An admin confirms this computer's clock right while the office's last work is dated later, by a
computer whose clock was ahead (app/clock_right.py): both times, what confirming does and a reason
kept in the audit trail. Opened from the clock-behind warning (ui/clock_behind_notice.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.clock_behind import ClockBehind
from app.clock_right import ClockConfirmed, confirm_clock
from app.i18n import tr as _
from app.models import User
from app.reasons import MIN_REASON
from app.wall_clock import wall_time
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel

NAME = "ClockRightDialog"


class ClockRightDialog(SaveDialog[ClockConfirmed]):
    """`saved` is what was confirmed (both times)."""

    def __init__(
        self, database: Database, user: User, found: ClockBehind, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, user, parent)
        self.setObjectName(NAME)
        self.setWindowTitle(_("This computer's clock is right"))
        self.intro = QLabel(
            _(
                "This computer's clock says {now}; the office's last work was recorded at {last}. "
                "Confirm that this clock is right only once you have checked it (against a phone, "
                "say): the last work was then recorded on a computer whose clock was ahead. The "
                "daily backup and the day's queue rebuild go on by this clock. Your name and the "
                "reason are kept in the audit trail.",
                now=wall_time(found.computer, found.zone),
                last=wall_time(found.last_work, found.zone),
            )
        )
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setPlaceholderText(
            _("The reason (at least {count} characters).", count=MIN_REASON)
        )
        self.reason.setFixedHeight(90)
        self.buttons = ok_cancel(self, _("Confirm"), self.try_save, SAVE)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(QLabel(_("Reason:")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_save(self) -> bool:
        """Confirm through the core (its refusals, a short reason among them, shown inline)."""
        return self.save_through(lambda: self.as_user(self._confirm))

    def _confirm(self, session: Session, actor: User) -> ClockConfirmed:
        return confirm_clock(session, actor, self.reason.toPlainText())
