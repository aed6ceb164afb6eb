"""The draft dialog's plan and its live check: the kind switched between settlement and plan, a
new agreed amount split over the plan's dates, monthly rows generated off public holidays, and
the rows' total and the waiver checked against the agreed amount and the office's approval
threshold as the user types. Mixed into AgreementDialog (ui/dialogs/agreement.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.agreements import DraftTerms, PlanRow, check_plan, check_settled, generate_plan
from app.agreements.holiday_dates import HolidayMove, plan_dates
from app.agreements.plan import split_over
from app.errors import CasedeskError, ValidationError
from app.i18n import plural
from app.i18n import tr as _
from app.money import fmt, to_minor
from app.tabular import parse_date
from ui.colours import set_role
from ui.dialogs.agreement_rows import due_note, fill_plan, read_plan, show_notes
from ui.table_fill import cell_text
from ui.widgets import ERROR_ROLE, day_of

OK_ROLE = "ok"
NOTE_ROLE = "note"
SETTLEMENT, PLAN = "settlement", "instalment_plan"


class AgreementPlan:
    """Mixed into AgreementDialog; `self` is the dialog, which makes these widgets."""

    terms: DraftTerms
    today: dt.date
    kind: QComboBox
    amount: QLineEdit
    waiver: QLabel
    due: QDateEdit
    due_note: QLabel
    count: QSpinBox
    start: QDateEdit
    moves: list[HolidayMove]
    plan: QTableWidget
    total: QLabel
    save_button: QPushButton
    form: QFormLayout
    generator: QWidget
    body: QVBoxLayout
    spacer: int

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
        cells = [cell_text(self.plan, n, 0) for n in range(self.plan.rowCount())]
        if not cells:
            self.generate()
            return
        if self.check_total():  # the rows as typed add up to it: kept
            return
        try:
            dates = [parse_date(cell) for cell in cells]
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
        clear error for bad text. The office's currency sign may go with it ($500.00), as in the
        payment dialog."""
        text = self.amount.text().strip()
        if not text:
            raise ValidationError("The agreed amount must be more than zero.")
        return check_settled(to_minor(text, self.terms.currency), self.terms.debt)

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
        return read_plan(self.plan, self.terms.currency)

    def show_total(self, text: str, ok: bool) -> None:
        self.total.setText(text)
        set_role(self.total, OK_ROLE if ok else ERROR_ROLE)
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
        set_role(self.waiver, None)
        self.show_total(error.translated(), ok=False)

    def show_waiver(self, settled: int) -> None:
        waiver = self.terms.debt - settled
        text = _("Waiver {amount}", amount=fmt(waiver))
        if waiver > self.terms.waiver_threshold:
            text += " — " + _("above {threshold}: a supervisor must approve it", threshold=fmt(
                self.terms.waiver_threshold))  # fmt: skip
        self.waiver.setText(text)
        set_role(self.waiver, NOTE_ROLE if waiver > self.terms.waiver_threshold else None)
