"""Add or correct one training record: course, date, score, trainer, evidence; the result live."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import TrainingRecord, User
from app.training import WorkKind, agent_training
from app.training.history import (
    add_record,
    check_correction,
    check_record,
    course_options,
    record_row,
    update_record,
)
from app.training.records import short_course_name
from db.store import Database
from ui.colours import set_role
from ui.date_widgets import FollowsToday
from ui.dialogs.base import SAVE, SaveDialog, ok_cancel, run_modal
from ui.widgets import ERROR_ROLE, date_edit, day_of, office_day, qdate

PASS_ROLE = "ok_pass_bold"
FAIL_ROLE = "fail_bold"


class TrainingRecordDialog(SaveDialog[TrainingRecord]):
    """Records an attempt (add) or corrects one (edit); the core validates, errors show inline."""

    def __init__(
        self,
        database: Database,
        user: User,
        *,
        agent_id: int | None = None,
        record_id: int | None = None,
        clock: Callable[[], dt.date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.record_id = record_id
        # The office's date now (a test sets another): read again when saving, as a dialog left
        # open past midnight would otherwise date the judgement of expiry by yesterday.
        self.clock = clock or (lambda: office_day(database))
        self.today = self.clock()
        lang = current_language()
        with database.sessions() as session:
            self.options = course_options(session)
            existing = record_row(session, record_id) if record_id is not None else None
            self.agent_id = existing.agent_id if existing else agent_id
            if self.agent_id is None:
                raise ValueError("an agent or a record is needed")
            agent = agent_training(session, self.agent_id, self.today)
        self.setWindowTitle(_("Edit training record") if existing else _("Add training record"))
        self.setObjectName("TrainingRecordDialog")
        heading = QLabel(
            _("Agent: {name} ({username})", name=agent.display_name, username=agent.username)
        )
        heading.setWordWrap(True)  # a name of 120 characters held the dialog 900 px wide
        self.course = QComboBox()
        for option in self.options:
            # The name as the page's column heads it: the whole 法律合规（含民法典与个人信息保护）
            # pushed the pass mark and validity out of the box; it is the choice's tooltip.
            self.course.addItem(
                plural(
                    option.validity_months,
                    "{name} — pass mark {mark}, valid {months} month",
                    "{name} — pass mark {mark}, valid {months} months",
                    name=short_course_name(option.name(lang)),
                    mark=option.pass_mark,
                    months=option.validity_months,
                ),
                option.course_id,
            )
            self.course.setItemData(
                self.course.count() - 1, option.name(lang), Qt.ItemDataRole.ToolTipRole
            )
        self.date = date_edit(self.today, latest=self.today)
        self.follows_today = FollowsToday(self.date, self.clock)
        self.score = QSpinBox()
        self.score.setRange(0, 100)
        self.score.setValue(80)
        self.trainer = QLineEdit()
        self.trainer.setMaxLength(100)
        self.evidence = QPlainTextEdit()
        self.evidence.setTabChangesFocus(True)
        self.evidence.setPlaceholderText(_("Certificate number, attendance sheet, scan…"))
        self.evidence.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        if existing:
            self.course.setCurrentIndex(self.course.findData(existing.course_id))
            self.course.setEnabled(False)  # a record of another course is a new record
            self.date.setDate(qdate(existing.taken_on))
            self.score.setValue(existing.score)
            self.trainer.setText(existing.trainer)
            self.evidence.setPlainText(existing.evidence)
        else:  # the course the agent lacks first, which is what a new record is mostly for
            gaps = agent.missing_for(WorkKind.PHONE) or agent.missing_for(WorkKind.FIELD)
            if gaps:
                self.course.setCurrentIndex(max(0, self.course.findData(gaps[0].course_id)))
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        form = QFormLayout()
        form.addRow(_("Course:"), self.course)
        form.addRow(_("Date taken:"), self.date)
        form.addRow(_("Score:"), self.score)
        form.addRow(_("Trainer:"), self.trainer)
        form.addRow(_("Evidence:"), self.evidence)
        form.addRow(_("Result:"), self.result_label)
        self.buttons = ok_cancel(self, _("Save"), self.save, SAVE)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.course.currentIndexChanged.connect(self.update_result)
        self.date.dateChanged.connect(self.update_result)
        self.score.valueChanged.connect(self.update_result)
        self.follows_today.turned.connect(self._new_day)
        self.update_result()

    def _new_day(self, today: dt.date) -> None:
        """The office's date turned with the dialog open: judge the result by the new today."""
        self.today = today
        self.update_result()

    def course_id(self) -> int:
        return int(self.course.currentData())

    def taken_on(self) -> dt.date:
        return day_of(self.date)

    def update_result(self) -> None:
        """Show what saving would record: pass or fail, and until when it is valid."""
        if self.course.currentIndex() < 0:
            self.result_label.setText(_("No courses in the catalogue."))
            return
        try:
            with self.database.sessions() as session:
                # A correction is judged as saving it will be (app.training.history).
                if self.record_id is not None:
                    passed, expires_on = check_correction(
                        session, self.record_id, self.taken_on(), self.score.value(), self.today
                    )
                else:
                    passed, expires_on = check_record(
                        session, self.course_id(), self.taken_on(), self.score.value(), self.today
                    )
        except CasedeskError as error:
            self.result_label.setText(error.translated())
            set_role(self.result_label, ERROR_ROLE)
            return
        if passed and expires_on is not None:
            text = _("Pass — valid until {date}", date=expires_on.isoformat())
            if expires_on < self.today:
                text = _("Pass — but it already lapsed on {date}", date=expires_on.isoformat())
            set_role(self.result_label, PASS_ROLE)
        else:
            text = _("Fail — renews nothing")
            set_role(self.result_label, FAIL_ROLE)
        self.result_label.setText(text)

    def save(self) -> bool:
        """Save through the core; on a CasedeskError show it and keep the dialog open."""
        return self.save_through(self._write)

    def _write(self) -> TrainingRecord:
        today = self.clock()  # the office's today as the record is saved, not as it was opened
        with self.database.session(write_lock=True) as session:
            if self.record_id is None:
                assert self.agent_id is not None
                return add_record(
                    session,
                    self.user,
                    self.agent_id,
                    self.course_id(),
                    taken_on=self.taken_on(),
                    score=self.score.value(),
                    trainer=self.trainer.text(),
                    evidence=self.evidence.toPlainText(),
                    today=today,
                )
            return update_record(
                session,
                self.user,
                self.record_id,
                taken_on=self.taken_on(),
                score=self.score.value(),
                trainer=self.trainer.text(),
                evidence=self.evidence.toPlainText(),
                today=today,
            )

    @classmethod
    def add(
        cls, parent: QWidget | None, database: Database, user: User, agent_id: int
    ) -> TrainingRecord | None:
        """Record a new attempt for `agent_id`; the saved record, or None when cancelled."""
        return cls._run(cls(database, user, agent_id=agent_id, parent=parent))

    @classmethod
    def edit(
        cls, parent: QWidget | None, database: Database, user: User, record_id: int
    ) -> TrainingRecord | None:
        """Correct record `record_id`; the saved record, or None when cancelled."""
        return cls._run(cls(database, user, record_id=record_id, parent=parent))

    @staticmethod
    def _run(dialog: TrainingRecordDialog) -> TrainingRecord | None:
        return run_modal(dialog, lambda: dialog.saved)
