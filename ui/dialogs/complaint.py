"""Complaint dialogs: record one (deadline shown live), add a note, resolve, lift a pause.

Each saves through the core use case; a refusal (bad input, no permission) shows inline and the
dialog stays open. Tests drive them with `try_save()`, without a modal loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.complaints import (
    CHANNELS,
    SOURCES,
    add_note,
    answer_periods,
    former_agents,
    lift_pause,
    record_complaint,
    resolve_complaint,
)
from app.concurrency import StaleEdit
from app.i18n import plural
from app.i18n import tr as _
from app.labels import COMPLAINT_CATEGORY, COMPLAINT_CHANNEL, COMPLAINT_SOURCE, capital, label
from app.models import User
from app.queries.cases import agent_choices
from app.reasons import MIN_REASON
from db.store import Database
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import date_edit, day_of, office_day

DEADLINE_STYLE = "font-weight: bold;"


class ComplaintDialog(SaveDialog[str]):
    """Record a complaint about a case, an agent or both; contact on the case pauses."""

    def __init__(
        self,
        database: Database,
        user: User,
        case_no: str | None = None,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.today = today or office_day(database)  # the core refuses a day after the office's
        with database.sessions() as session:
            agents = agent_choices(session)
            former = [(u.display_name, u.username) for u in former_agents(session)]
        self.setWindowTitle(_("Record complaint"))
        self.setObjectName("ComplaintDialog")
        self.case_no = QLineEdit(case_no or "")
        self.case_no.setPlaceholderText(_("e.g. C2026-000045"))
        self.agent = QComboBox()
        self.agent.addItem(_("(no agent)"), None)
        for agent in agents:
            named = _("{name} ({username})", name=agent.display_name, username=agent.username)
            self.agent.addItem(named, agent.username)
        for name, username in former:  # a complaint may be about an agent who has left
            said = _("{name} ({username}), account deactivated", name=name, username=username)
            self.agent.addItem(said, username)
        self.received = date_edit(self.today)
        self.source = QComboBox()
        for value in SOURCES:
            self.source.addItem(_(COMPLAINT_SOURCE.get(value, value)), value)
        self.channel = QComboBox()
        for value in CHANNELS:
            self.channel.addItem(_(COMPLAINT_CHANNEL.get(value, value)), value)
        self.category = QComboBox()
        for value in COMPLAINT_CATEGORY:
            self.category.addItem(capital(label(COMPLAINT_CATEGORY, value)), value)
        self.complex = QCheckBox(_("Complex (longer answer period)"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(_("What the complainant says happened"))
        self.description.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.deadline = QLabel()
        self.deadline.setObjectName("deadline")
        self.deadline.setStyleSheet(DEADLINE_STYLE)
        form = QFormLayout()
        form.addRow(_("Case no.:"), self.case_no)
        form.addRow(_("About agent:"), self.agent)
        form.addRow(_("Received on:"), self.received)
        form.addRow(_("Source:"), self.source)
        form.addRow(_("Channel:"), self.channel)
        form.addRow(_("Category:"), self.category)
        form.addRow("", self.complex)
        form.addRow(_("Description:"), self.description)
        form.addRow(_("Answer by:"), self.deadline)
        self.buttons = ok_cancel(self, _("Record"), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("A complaint about a case pauses contact on it.")))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.received.dateChanged.connect(self.update_deadline)
        self.complex.toggled.connect(self.update_deadline)
        with database.sessions() as session:
            self.periods = answer_periods(session)  # from the office's rule set
        self.update_deadline()

    def received_on(self) -> dt.date:
        return day_of(self.received)

    def _days(self) -> int:
        return self.periods[1] if self.complex.isChecked() else self.periods[0]

    def deadline_on(self) -> dt.date:
        days = self._days()
        return self.received_on() + dt.timedelta(days=days)

    def update_deadline(self, *_args: object) -> None:
        days = self._days()
        self.deadline.setText(
            plural(
                days,
                "{date} ({days} day)",
                "{date} ({days} days)",
                date=self.deadline_on().isoformat(),
                days=days,
            )
        )

    def try_save(self) -> bool:
        """Record through the core; `saved` is the new complaint's number. A refusal shows
        inline and saves nothing."""
        return self.save_through(lambda: self.as_user(self._record))

    def _record(self, session: Session, actor: User) -> str:
        complaint = record_complaint(
            session,
            actor,
            case_no=self.case_no.text(),
            agent_username=self.agent.currentData(),
            received_on=self.received_on(),
            source=self.source.currentData(),
            channel=self.channel.currentData(),
            category=self.category.currentData(),
            description=self.description.toPlainText(),
            complex=self.complex.isChecked(),
            today=self.today,
        )
        return complaint.complaint_no

    @classmethod
    def record(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        case_no: str | None = None,
    ) -> str | None:
        """Record a complaint; its number, or None when cancelled."""
        dialog = cls(database, user, case_no, parent=parent)
        if case_no:  # recorded from the case: its number is filled in, the agent comes next
            dialog.agent.setFocus()
        return run_modal(dialog, lambda: dialog.saved)


NOTE, RESOLVE, LIFT = "note", "resolve", "lift"
TITLES = {
    NOTE: "Add note to {number}",
    RESOLVE: "Resolve {number}",
    LIFT: "Lift the pause of {number}",
}
PROMPTS = {
    NOTE: "Investigation note:",
    RESOLVE: "Outcome:",
    LIFT: "Why contact may resume:",
}
SAVE_TEXTS = {NOTE: "Add note", RESOLVE: "Resolve", LIFT: "Lift pause"}


class ComplaintActionDialog(SaveDialog[str]):
    """One text and, for resolving, whether the complaint was upheld.

    `expected_version`: the complaint as the page showed it. Changed since (another supervisor
    resolved it, lifted its pause, added a note), the save is refused with who and when, and
    `refreshed` shows the page afresh and returns the version it shows now: the text stays, and
    saving again acts on what the supervisor now sees."""

    def __init__(
        self,
        database: Database,
        user: User,
        complaint_no: str,
        action: str,
        *,
        today: dt.date | None = None,
        expected_version: int | None = None,
        refreshed: Callable[[], int | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.complaint_no = complaint_no
        self.action = action
        self.today = today
        self.expected_version = expected_version
        self.refreshed = refreshed
        self.went_stale = False
        self.setWindowTitle(_(TITLES[action], number=complaint_no))
        self.setObjectName("ComplaintActionDialog")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        if action == LIFT:  # a supervisor's decision: as fully argued as an override (app/reasons)
            self.text.setPlaceholderText(
                _("The reason (at least {count} characters).", count=MIN_REASON)
            )
        self.upheld = QCheckBox(_("Upheld (the complaint was justified)"))
        self.upheld.setVisible(action == RESOLVE)
        form = QFormLayout()
        form.addRow(_(PROMPTS[action]), self.text)
        if action == RESOLVE:
            form.addRow("", self.upheld)
            form.addRow("", QLabel(_("Resolving also lifts the pause on the case.")))
        self.buttons = ok_cancel(self, _(SAVE_TEXTS[action]), self.try_save, SAVE)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def try_save(self) -> bool:
        """Save the action through the core; `saved` is the complaint's number."""
        self.went_stale = False
        if self.save_through(lambda: self.as_user(self._act)):
            return True
        if self.went_stale and self.refreshed is not None:
            fresh = self.refreshed()  # not shown any more: stays stale, never unchecked
            self.expected_version = fresh if fresh is not None else self.expected_version
        return False

    def _act(self, session: Session, actor: User) -> str:
        text = self.text.toPlainText()
        seen = self.expected_version
        try:
            if self.action == NOTE:  # notes only add a line: nothing of anyone's to overwrite
                add_note(session, actor, self.complaint_no, text)
            elif self.action == RESOLVE:
                upheld = self.upheld.isChecked()
                resolve_complaint(
                    session,
                    actor,
                    self.complaint_no,
                    text,
                    upheld,
                    today=self.today,
                    expected_version=seen,
                )
            else:
                lift_pause(session, actor, self.complaint_no, text, expected_version=seen)
        except StaleEdit:
            self.went_stale = True
            raise
        return self.complaint_no

    @classmethod
    def run(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        complaint_no: str,
        action: str,
        *,
        expected_version: int | None = None,
        refreshed: Callable[[], int | None] | None = None,
    ) -> str | None:
        """Add a note / resolve / lift the pause; the complaint number when saved, else None."""
        dialog = cls(
            database,
            user,
            complaint_no,
            action,
            expected_version=expected_version,
            refreshed=refreshed,
            parent=parent,
        )
        return run_modal(dialog, lambda: dialog.saved)
