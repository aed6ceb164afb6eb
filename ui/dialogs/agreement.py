"""Draft a repayment agreement on a case, or from a visit's outcome (its reason and capacity
filled in): a settlement (one amount and date) or an instalment plan generated from a count and
a first date, editable row by row, with the total checked live against the agreed amount and
the waiver compared with the office's approval threshold (the plan and its live check are
ui/dialogs/agreement_plan.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.agreements import (
    DraftTerms,
    PlanRow,
    draft_plan,
    draft_settlement,
    draft_terms,
)
from app.agreements.from_visit import VisitStatement
from app.agreements.holiday_dates import HolidayMove
from app.agreements.plan import MAX_INSTALMENTS
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import Agreement, User
from app.money import fmt
from db.store import Database
from ui.colours import set_role
from ui.dialogs.agreement_plan import NOTE_ROLE, PLAN, SETTLEMENT, AgreementPlan
from ui.dialogs.agreement_rows import plan_table
from ui.discard import AsksBeforeDiscard
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE, office_day, qdate


class AgreementDialog(AgreementPlan, AsksBeforeDiscard):
    """Fill in the terms; Save draft keeps the dialog open with the reason when the core refuses."""

    def __init__(
        self,
        database: Database,
        user: User,
        case_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
        today: dt.date | None = None,
        visit: VisitStatement | None = None,
        terms: DraftTerms | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.hub, self.visit = database, user, hub, visit
        self.today = today or office_day(database)
        self.agreement_no: str | None = None
        if terms is None:
            with database.sessions() as session:
                actor = session.get(User, user.id)
                assert actor is not None
                terms = draft_terms(session, actor, case_no, today=self.today)
        self.terms = t = terms
        self.setWindowTitle(
            _("Draft an agreement on {case} ({borrower})", case=t.case_no, borrower=t.borrower)
        )
        self.kind = QComboBox()
        self.kind.addItem(_("Instalment plan"), PLAN)
        self.kind.addItem(_("Settlement (one payment)"), SETTLEMENT)
        self.amount = QLineEdit(fmt(t.debt))
        self.waiver = QLabel()
        self.waiver.setObjectName("waiver")
        self.due = QDateEdit(qdate(t.settlement_due_on))
        # The default date moved off a public holiday, or a date picked on one, said under it.
        self.due_note = QLabel()
        self.due_note.setObjectName("due_note")
        set_role(self.due_note, NOTE_ROLE)
        self.due_note.setWordWrap(True)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_INSTALMENTS)
        self.count.setValue(6)
        self.start = QDateEdit(qdate(self.today + dt.timedelta(days=7)))
        for edit in (self.due, self.start):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.generate_button = QPushButton(_("Generate plan"))
        self.generate_button.clicked.connect(self.generate)
        # A generated date moved off a public holiday, noted in the plan while it stands.
        self.moves: list[HolidayMove] = []
        self.plan = plan_table()
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("Why the borrower fell behind, in their words"))
        self.capacity = QPlainTextEdit()
        self.capacity.setPlaceholderText(_("What the borrower says they can pay, and when"))
        for box in (self.reason, self.capacity):
            box.setFixedHeight(54)
            box.setTabChangesFocus(True)
        if visit is not None:  # what the borrower said at the visit, to edit
            self.reason.setPlainText(visit.reason)
            self.capacity.setPlainText(visit.capacity)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_role(self.error, ERROR_ROLE)
        self.error.hide()
        self.save_button = QPushButton(_("Save draft"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.try_save)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.cancel)

        facts = QLabel(
            _(
                "Loan {loan} · debt {debt} · a waiver above {threshold} needs a supervisor.",
                loan=t.loan_no,
                debt=fmt(t.debt),
                threshold=fmt(t.waiver_threshold),
            )
        )
        facts.setWordWrap(True)
        self.form = form = QFormLayout()
        form.addRow(_("Kind:"), self.kind)
        form.addRow(_("Agreed amount:"), self.amount)
        form.addRow("", self.waiver)
        form.addRow(_("Pay by:"), self.due)
        form.addRow("", self.due_note)
        generator = QHBoxLayout()
        generator.addWidget(QLabel(_("Instalments")))
        generator.addWidget(self.count)
        generator.addWidget(QLabel(_("first due")))
        generator.addWidget(self.start)
        generator.addWidget(self.generate_button)
        generator.addStretch(1)
        self.generator = QWidget()
        self.generator.setLayout(generator)
        form.addRow(_("Plan:"), self.generator)
        form.addRow("", self.plan)
        form.addRow("", self.total)
        form.addRow(_("Stated reason:"), self.reason)
        form.addRow(_("Stated capacity:"), self.capacity)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        if visit is not None:
            source = QLabel(_("From the outcome of visit {number}.", number=visit.visit_no))
            source.setObjectName("source")
            layout.addWidget(source)
        if t.supersedes:
            note = QLabel(_("Signing this agreement will replace {number}.", number=t.supersedes))
            set_role(note, NOTE_ROLE)
            layout.addWidget(note)
        layout.addLayout(form)
        # The plan's table takes the spare height; a settlement's shorter form stays at the top.
        self.body, self.spacer = layout, layout.count()
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_on_screen(self, 620, 700)

        self.kind.currentIndexChanged.connect(self.kind_changed)
        self.amount.textChanged.connect(self.amount_changed)
        self.due.dateChanged.connect(self.check_total)
        self.due.dateChanged.connect(self.show_due_note)
        # cellChanged, not itemChanged: that hands each slot the item Qt made for the cell typed
        # into, an object Qt does not tell when it deletes the item (ui/table_fill.cell_text).
        self.plan.cellChanged.connect(self.show_notes)
        self.plan.cellChanged.connect(self.check_total)
        # The plan follows the count and first date shown beside it: a new count or date, saved
        # without Generate, kept the rows from before (found by QA).
        self.count.valueChanged.connect(self.generate)
        self.start.dateChanged.connect(self.generate)
        # A refusal is about what was saved: it goes once the user changes any of it.
        for signal in (
            self.kind.currentIndexChanged,
            self.amount.textChanged,
            self.due.dateChanged,
            self.plan.cellChanged,
            self.count.valueChanged,
            self.start.dateChanged,
            self.reason.textChanged,
            self.capacity.textChanged,
            self.generate_button.clicked,
        ):
            signal.connect(lambda *_: self.show_error(""))
        self.kind_changed()

    # --- saving -----------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def try_save(self) -> bool:
        """Save the draft through the core; a refusal is shown and nothing is saved."""
        try:
            settled, rows = self.agreed_amount(), self.rows()
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                number = self.save(session, actor, settled, rows).agreement_no
        except CasedeskError as error:
            self.show_error(error.translated())
            return False
        self.show_error("")
        self.agreement_no = number
        if self.hub is not None:
            self.hub.announce("agreement", "case")
        self.accept()
        return True

    def save(self, session: Session, actor: User, settled: int, rows: list[PlanRow]) -> Agreement:
        """A new draft with the dialog's terms (the edit dialog changes its draft instead)."""
        statement = {
            "stated_reason": self.reason.toPlainText(),
            "stated_capacity": self.capacity.toPlainText(),
            "visit_no": self.visit.visit_no if self.visit else None,
            "today": self.today,
        }
        case_no = self.terms.case_no
        if self.is_settlement():
            return draft_settlement(
                session, actor, case_no, settled, due_on=rows[0].due_on, **statement
            )
        return draft_plan(session, actor, case_no, rows=rows, amount=settled, **statement)

    @classmethod
    def draft(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        case_no: str,
        hub: ChangeHub | None = None,
        visit: VisitStatement | None = None,
    ) -> str | None:
        """Run the dialog (from a visit's outcome when `visit` is given); the new draft's number
        (announced on `hub`), or None."""
        dialog = cls(database, user, case_no, parent, hub, visit=visit)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        number = dialog.agreement_no if accepted else None
        dialog.deleteLater()
        return number
