"""Check-out of a visit (step 3 ends): the reason for default from the fixed list, what the
borrower can pay, what was proposed, an optional promise to pay, the next step and the cost."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.errors import CasedeskError
from app.i18n import tr as _
from app.labels import DEFAULT_REASON, capital, label
from app.models import DefaultReason, User
from app.money import fmt
from app.visits import check_out
from app.visits.common import MAX_MINUTES_SPENT
from db.store import Database
from ui.date_widgets import date_edit, day_of, office_day
from ui.discard import AsksBeforeDiscard
from ui.focus import focus_returns
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.typed_money import typed_money
from ui.widgets import ERROR_ROLE, inline_label, row, shows_placeholder


def _text_box(placeholder: str, height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    return box


def cost_editors(database: Database) -> tuple[QLineEdit, QSpinBox]:
    """The trip's travel cost and time spent, filled in with the office's defaults (check-out
    and no-show take them alike)."""
    with database.sessions() as session:
        travel = int(settings.get(session, "visit.default_travel_cost"))
        minutes = int(settings.get(session, "visit.default_hours_minutes"))
    cost = QLineEdit(fmt(travel).replace(",", ""))
    spent = QSpinBox()
    spent.setRange(0, MAX_MINUTES_SPENT)  # as the core caps it
    spent.setSingleStep(15)
    spent.setValue(minutes)
    spent.setSuffix(" " + _("min."))
    return cost, spent


class VisitOutcomeDialog(AsksBeforeDiscard):
    """Record how a visit went and check out; bad input is explained inline, nothing saved."""

    def __init__(
        self,
        database: Database,
        user: User,
        visit_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.hub, self.visit_no = database, user, hub, visit_no
        self.saved = False
        self.setWindowTitle(_("Check out of visit {number}", number=visit_no))
        self.reason = QComboBox()
        self.reason.addItem(_("— choose —"), None)
        for r in DefaultReason:
            self.reason.addItem(capital(label(DEFAULT_REASON, r)), r.value)
        self.capacity = _text_box(_("Income, spending, what they say they can pay"))
        self.proposal = _text_box(_("What was proposed (plan, settlement …)"))
        self.notes = _text_box(_("What happened at the visit"), 70)
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText(_("e.g. draft a repayment agreement"))
        self.promise = QCheckBox(_("Promise to pay"))
        self.promise_amount = QLineEdit()
        self.promise_amount.setPlaceholderText(_("Amount, e.g. 500.00"))
        # Its example whole, as in the contact dialog: at 150 % text "Amount, e.g." was cut.
        self.promise_amount.setMinimumWidth(shows_placeholder(self.promise_amount))
        # A week from the office's today, the day the core judges the promise on.
        self.promise_due = date_edit(office_day(database) + dt.timedelta(days=7))
        self.promise.toggled.connect(self.promise_amount.setEnabled)
        self.promise.toggled.connect(self.promise_due.setEnabled)
        self.promise_amount.setEnabled(False)
        self.promise_due.setEnabled(False)
        self.travel, self.minutes = cost_editors(database)
        form = QFormLayout()
        form.addRow(_("Reason for default:"), self.reason)
        form.addRow(_("Capacity to pay:"), self.capacity)
        form.addRow(_("Proposal:"), self.proposal)
        form.addRow(_("Notes:"), self.notes)
        form.addRow(_("Next step:"), self.next_step)
        form.addRow(
            _("Promise:"),
            row(self.promise, (self.promise_amount, 1), QLabel(_("due by")), self.promise_due),
        )
        form.addRow(_("Travel cost:"), self.travel)
        form.addRow(_("Time spent:"), self.minutes)
        self.error = inline_label("error", ERROR_ROLE)
        save = QPushButton(_("Check out"))
        save.setDefault(True)
        save.clicked.connect(lambda: self.try_save())
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(row((QWidget(), 1), save, cancel))
        fit_on_screen(self, 620, 560)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def try_save(self) -> bool:
        reason = self.reason.currentData()
        if reason is None:
            self.show_error(_("Choose the reason for default."))
            return False
        try:
            promise = None
            if self.promise.isChecked():
                promise = (
                    typed_money(self.database, self.promise_amount.text().strip() or "0"),
                    day_of(self.promise_due),
                )
            travel = typed_money(self.database, self.travel.text().strip() or "0")
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                check_out(
                    session,
                    actor,
                    self.visit_no,
                    default_reason=reason,
                    capacity_note=self.capacity.toPlainText(),
                    proposal=self.proposal.toPlainText(),
                    notes=self.notes.toPlainText(),
                    next_step=self.next_step.text(),
                    promise=promise,
                    travel_cost=travel,
                    hours_minutes=self.minutes.value(),
                )
        except CasedeskError as error:
            self.show_error(error.translated())
            return False
        self.saved = True
        if self.hub is not None:
            self.hub.announce("visit", "case", *(["promise"] if promise else []))
        self.accept()
        return True

    @classmethod
    def record(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        visit_no: str,
        hub: ChangeHub | None = None,
    ) -> bool:
        """Run the dialog; whether the visit was checked out."""
        dialog = cls(database, user, visit_no, parent, hub)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved and accepted
        dialog.deleteLater()
        return saved
