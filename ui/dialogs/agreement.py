"""Draft a repayment agreement on a case, or from a visit's outcome (its reason and capacity
filled in): a settlement (one amount and date) or an instalment plan generated from a count and
a first date, editable row by row, with the total checked live against the agreed amount and
the waiver compared with the office's approval threshold."""

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
    check_plan,
    check_settled,
    draft_plan,
    draft_settlement,
    draft_terms,
    generate_plan,
)
from app.agreements.from_visit import VisitStatement
from app.agreements.holiday_dates import HolidayMove, plan_dates
from app.agreements.plan import MAX_INSTALMENTS, split_over
from app.errors import CasedeskError, ValidationError
from app.i18n import plural
from app.i18n import tr as _
from app.models import Agreement, User
from app.money import fmt, to_minor
from app.tabular import parse_date
from db.store import Database
from ui.dialogs.agreement_rows import due_note, fill_plan, plan_table, read_plan, show_notes
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.widgets import ERROR_STYLE, day_of, office_day, qdate

OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #8a5a00;"
SETTLEMENT, PLAN = "settlement", "instalment_plan"


class AgreementDialog(QDialog):
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
        self.due_note.setStyleSheet(NOTE_STYLE)
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
        self.plan.setMinimumHeight(220)
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
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.save_button = QPushButton(_("Save draft"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.try_save)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)

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
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Agreed amount"), self.amount)
        form.addRow("", self.waiver)
        form.addRow(_("Pay by"), self.due)
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
        form.addRow(_("Plan"), self.generator)
        form.addRow("", self.plan)
        form.addRow("", self.total)
        form.addRow(_("Stated reason"), self.reason)
        form.addRow(_("Stated capacity"), self.capacity)
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
            note.setStyleSheet(NOTE_STYLE)
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
        self.plan.itemChanged.connect(self.show_notes)
        self.plan.itemChanged.connect(self.check_total)
        # The plan follows the count and first date shown beside it: a new count or date, saved
        # without Generate, kept the rows from before (found by QA).
        self.count.valueChanged.connect(self.generate)
        self.start.dateChanged.connect(self.generate)
        # A refusal is about what was saved: it goes once the user changes any of it.
        for signal in (
            self.kind.currentIndexChanged,
            self.amount.textChanged,
            self.due.dateChanged,
            self.plan.itemChanged,
            self.count.valueChanged,
            self.start.dateChanged,
            self.reason.textChanged,
            self.capacity.textChanged,
            self.generate_button.clicked,
        ):
            signal.connect(lambda *_: self.show_error(""))
        self.kind_changed()

    # --- the plan ---------------------------------------------------------------------------
    def is_settlement(self) -> bool:
        return self.kind.currentData() == SETTLEMENT

    def kind_changed(self) -> None:
        settlement = self.is_settlement()
        self.form.setRowVisible(self.due, settlement)
        self.show_due_note()
        for widget in (self.generator, self.plan):
            self.form.setRowVisible(widget, not settlement)
        self.body.setStretchFactor(self.form, 0 if settlement else 1)
        self.body.setStretch(self.spacer, 1 if settlement else 0)
        if settlement or not self.plan.rowCount():
            self.generate()
        else:  # back to the plan as typed, not generated anew (found by QA: edits were lost)
            self.amount_changed()

    def amount_changed(self) -> None:
        """A plan keeps its dates, typed ones too, and the new amount is split over them (as
        `agreement edit --amount` does); with no readable dates, monthly rows are generated.
        Generate, a new count or a new first date make monthly rows anew."""
        if self.is_settlement():
            self.check_total()
            return
        cells = [self.plan.item(n, 0) for n in range(self.plan.rowCount())]
        if not cells:
            self.generate()
            return
        if self.check_total():  # the rows as typed add up to it: kept
            return
        try:
            dates = [parse_date(cell.text() if cell else "") for cell in cells]
            settled = self.agreed_amount()
        except CasedeskError:  # a bad amount or date: the check says which
            self.check_total()
            return
        try:
            self.set_rows(split_over(settled, dates))
        except CasedeskError as error:  # too little for so many rows: said as such
            if self.check_total():
                self.show_total(error.translated(), ok=False)
            else:
                self.total.setText(error.translated())
            return
        self.check_total()

    def agreed_amount(self) -> int:
        """The agreed amount in minor units, checked against the debt as the core checks it; a
        clear error for bad text."""
        text = self.amount.text().strip()
        if not text:
            raise ValidationError("The agreed amount must be more than zero.")
        return check_settled(to_minor(text), self.terms.debt)

    def set_rows(self, rows: list[PlanRow], moves: list[HolidayMove] | None = None) -> None:
        """Show the rows; `moves` (when given) are the dates moved off holidays among them."""
        if moves is not None:
            self.moves = moves
        fill_plan(self.plan, rows)
        self.show_notes()

    def show_notes(self) -> None:
        show_notes(self.plan, self.terms.holiday_country, self.moves)

    def show_due_note(self) -> None:
        text = due_note(self.terms.holiday_country, day_of(self.due), self.terms.settlement_move)
        self.due_note.setText(text)
        self.form.setRowVisible(self.due_note, self.is_settlement() and bool(text))

    def current_moves(self) -> list[HolidayMove]:
        """The dates moved off public holidays among the rows the dialog would save."""
        if self.is_settlement():
            move = self.terms.settlement_move
            return [move] if move is not None else []
        return self.moves

    def generate(self) -> None:
        """Equal instalments from the count and first date (the remainder on the last row), each
        date moved off public holidays as the core moves it."""
        if not self.is_settlement():
            count, start = self.count.value(), day_of(self.start)
            country = self.terms.holiday_country
            try:
                rows = generate_plan(self.agreed_amount(), count, start, country)
            except CasedeskError as error:
                self.set_rows([], [])
                self.refuse(error)
                return
            self.set_rows(rows, plan_dates(start, count, country)[1])
        self.check_total()

    def rows(self) -> list[PlanRow]:
        """The plan as the core takes it: the table's rows, or the settlement's one payment."""
        if self.is_settlement():
            pay_by = day_of(self.due)
            if pay_by < self.today:  # one payment: not "Instalment 1", as the core says it
                raise ValidationError(
                    "A settlement cannot fall due in the past: {date}.", date=pay_by
                )
            return [PlanRow(pay_by, self.agreed_amount())]
        return read_plan(self.plan)

    def show_total(self, text: str, ok: bool) -> None:
        self.total.setText(text)
        self.total.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.save_button.setEnabled(ok)

    def check_total(self) -> bool:
        """The live check: the rows must add up to the agreed amount to the fen."""
        try:
            settled = self.agreed_amount()
        except CasedeskError as error:
            self.refuse(error)
            return False
        self.show_waiver(settled)
        try:
            rows = self.rows()
            check_plan(rows, settled, self.today, self.current_moves())
        except CasedeskError as error:
            self.show_total(error.translated(), ok=False)
            return False
        self.show_total(
            plural(
                len(rows),
                "{count} payment, total {total} — matches the agreed amount.",
                "{count} payments, total {total} — matches the agreed amount.",
                total=fmt(sum(r.amount for r in rows)),
            ),
            ok=True,
        )
        return True

    def refuse(self, error: CasedeskError) -> None:
        """A bad agreed amount: its error, and no waiver line for an amount that is not one."""
        self.waiver.clear()
        self.waiver.setStyleSheet("")
        self.show_total(error.translated(), ok=False)

    def show_waiver(self, settled: int) -> None:
        waiver = self.terms.debt - settled
        text = _("Waiver {amount}", amount=fmt(waiver))
        if waiver > self.terms.waiver_threshold:
            text += " — " + _("above {threshold}: a supervisor must approve it", threshold=fmt(
                self.terms.waiver_threshold))  # fmt: skip
        self.waiver.setText(text)
        self.waiver.setStyleSheet(NOTE_STYLE if waiver > self.terms.waiver_threshold else "")

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
