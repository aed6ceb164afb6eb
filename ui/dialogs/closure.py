"""A supervisor's decision on a case's loan: send it to legal or recall it, write it off or
reinstate it — with what is owed, what stands in the way, what the decision does, and a written
reason. The dialog is the confirmation; the core refuses what may not be done, inline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.cases.delinquency import bucket_for
from app.errors import CasedeskError
from app.i18n import listed
from app.i18n import tr as _
from app.labels import LOAN_STATUS, label
from app.loans.closure import (
    CANDIDATE_DPD,
    DECISION,
    WRITE_OFF,
    ClosureState,
    Decision,
    closure_state,
    decide,
)
from app.models import User
from app.reasons import MIN_REASON
from db.store import Database
from ui import labels
from ui.colours import set_role
from ui.date_widgets import FollowsToday, office_day
from ui.dialogs.base import OK, SaveDialog, ok_cancel, run_modal
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE, date_edit, day_of, qdate

# What each decision does, said before it is taken. Legal's "no next action" holds: an agreement
# in force on the loan blocks the decision (the core refuses it); one signed later, in legal, makes
# its next instalment the case's next action (app/agreements/in_legal.py).
EFFECT = {
    "legal": "The case stays open as legal, at the bottom of the queue with no next action, and "
    "the loan still takes payments. Recall it to have the agents work it again.",
    "recall": "The case is worked again: its status and next action follow from what happened.",
    "write_off": "The case closes as written off and the loan takes no more payments. A "
    "supervisor can reinstate it.",
    "reinstate": "Collection goes on: the loan gets a case in the queue again, with its last "
    "agent if they may still take it.",
}

BLOCKERS = (
    "Still open on this loan: {numbers}. Cancel or finish them before sending it to legal or "
    "writing it off."
)
# A write-off cancels the agreements not yet signed itself (app/agreements/closing.py).
CANCELS = "Agreements not yet signed are cancelled with the loan: {numbers}."


class ClosureDialog(SaveDialog[Decision]):
    """The decisions open on the loan as choices, the write-off date, the reason; `saved` is
    what the core did."""

    def __init__(
        self,
        database: Database,
        user: User,
        state: ClosureState,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
        clock: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.state, self.hub = state, hub
        # The office's date now, as the core dates decisions (a test sets another): read again
        # when confirming, as a dialog left open past midnight would otherwise decide as of
        # yesterday.
        self.clock = clock or (lambda: office_day(database))
        self.today = state.today
        self.setObjectName("ClosureDialog")
        self.setWindowTitle(
            _("Decide on loan {loan} (case {case})", loan=state.loan_no, case=state.case_no)
        )
        owed = QLabel(
            _(
                "Loan status: {status}. Still owed: {amount}.",
                status=label(LOAN_STATUS, state.loan_status),
                amount=labels.money(state.outstanding),
            )
        )
        self.overdue = QLabel()
        self._say_overdue()
        self.blockers = QLabel(_(BLOCKERS, numbers=listed(list(state.open_work))))
        self.blockers.setWordWrap(True)
        set_role(self.blockers, ERROR_ROLE)
        self.blockers.setVisible(bool(state.open_work))
        self.choices = QButtonGroup(self)
        choice_box = QVBoxLayout()
        for n, decision in enumerate(state.decisions):
            button = QRadioButton(_(DECISION[decision]))
            button.setObjectName(decision)
            self.choices.addButton(button, n)
            choice_box.addWidget(button)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        self.on = date_edit(self.today, self.today)
        self.follows_today = FollowsToday(self.on, self.clock)
        self.follows_today.day = self.today
        first = state.first_write_off_day
        if first is not None:
            self.on.setMinimumDate(qdate(min(first, self.today)))
        # Below the write-off candidates' days (on the date chosen): said, and confirmed.
        self.early = QCheckBox()
        self.early.setObjectName("early")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            _(
                "Why: kept with the decision in the audit trail (at least {count} characters)",
                count=MIN_REASON,
            )
        )
        self.reason.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        form = QFormLayout()
        form.addRow(_("Decision:"), choice_box)
        form.addRow("", self.effect)
        form.addRow(_("Write-off date:"), self.on)
        form.addRow("", self.early)
        form.addRow(_("Reason:"), self.reason)
        self.buttons = ok_cancel(self, _("Confirm"), self.try_save, OK)
        layout = QVBoxLayout(self)
        layout.addWidget(owed)
        layout.addWidget(self.overdue)
        layout.addWidget(self.blockers)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.choices.idToggled.connect(lambda *_args: self._chosen())
        self.on.dateChanged.connect(lambda *_args: self._chosen())
        self.follows_today.turned.connect(self._new_day)
        if self.choices.buttons():
            self.choices.buttons()[0].setChecked(True)
        self._chosen()
        self.setMinimumWidth(520)

    def _say_overdue(self) -> None:
        self.overdue.setText(
            _(
                "Days past due today: {dpd} ({bucket}); loans are written off from {days}.",
                dpd=self.state.dpd,
                bucket=bucket_for(self.state.dpd) or _("Current"),
                days=CANDIDATE_DPD,
            )
        )

    def _new_day(self, today: dt.date) -> None:
        """The office's date turned with the dialog open: its days past due are read again."""
        try:
            with self.database.sessions() as session:
                now = closure_state(session, self.user, self.state.case_no)
        except CasedeskError:
            now = None  # confirming says what changed
        dpd = now.dpd if now is not None else self.state.dpd
        self.state = dataclasses.replace(self.state, today=today, dpd=dpd)
        self.today = today
        self._say_overdue()
        self._chosen()

    def decision(self) -> str | None:
        button = self.choices.checkedButton()
        return button.objectName() if button is not None else None

    def choose(self, decision: str) -> None:
        """Tick one of the decisions (tests and keyboard users)."""
        for button in self.choices.buttons():
            if button.objectName() == decision:
                button.setChecked(True)

    def _chosen(self) -> None:
        decision = self.decision()
        effect = [_(EFFECT[decision])] if decision else []
        stuck = self.state.open_work
        if decision == WRITE_OFF:  # the unsigned agreements do not stand in its way
            stuck = self.state.blocking(decision)
            if self.state.unsigned:
                effect.append(_(CANCELS, numbers=listed(list(self.state.unsigned))))
        self.effect.setText("\n".join(effect))
        self.blockers.setText(_(BLOCKERS, numbers=listed(list(stuck))))
        self.blockers.setVisible(bool(stuck))
        self.on.setEnabled(decision == WRITE_OFF)
        dpd = self.dpd_on(day_of(self.on))
        self.early.setText(
            _(
                "Write off early: {dpd} days past due on that date, fewer than {days}",
                dpd=dpd,
                days=CANDIDATE_DPD,
            )
        )
        self.early.setVisible(decision == WRITE_OFF and 0 < dpd < CANDIDATE_DPD)
        # Open agreements or visits stand in the way of these two, as the red line says.
        blocked = bool(self.state.blocking(decision))
        confirm = self.buttons.button(OK)
        confirm.setEnabled(decision is not None and not blocked)
        confirm.setToolTip(self.blockers.text() if blocked else "")

    def dpd_on(self, day: dt.date) -> int:
        """Days past due on a write-off date: no payment came after it (the core refuses a
        write-off dated before the last payment), so the oldest unpaid instalment is today's."""
        if not self.state.dpd:
            return 0
        return max(0, self.state.dpd - (self.today - day).days)

    def try_save(self) -> bool:
        """Decide through the core; `saved` says what was done. A refusal shows inline."""
        if not self.save_through(lambda: self.as_user(self._decide)):
            return False
        if self.hub is not None:
            self.hub.announce("case", "loan")
        return True

    def _decide(self, session: Session, actor: User) -> Decision:
        decision = self.decision() or ""
        on = day_of(self.on) if decision == WRITE_OFF else None
        return decide(
            session,
            actor,
            self.state.case_no,
            decision,
            self.reason.toPlainText(),
            on=on,
            today=self.clock(),  # the office's today as it is confirmed, not as it was opened
            early=not self.early.isHidden() and self.early.isChecked(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        case_no: str,
        hub: ChangeHub | None = None,
    ) -> Decision | None:
        """Run the dialog for the case's loan; what was done, or None when cancelled."""
        with database.sessions() as session:
            state = closure_state(session, user, case_no)
        dialog = cls(database, user, state, parent, hub)
        return run_modal(dialog, lambda: dialog.saved)
