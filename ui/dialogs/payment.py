"""Post a payment: amount, date, method, reference, the allocation previewed before confirming."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.cases.overpaying import overpaying
from app.cases.payments import (
    METHODS,
    Posted,
    find_loan,
    payment_settles,
    posting,
    preview_allocation,
)
from app.errors import CasedeskError
from app.i18n import sentences
from app.i18n import tr as _
from app.models import Payment, User
from app.office import office_today
from db.store import Database
from ui import labels
from ui.colours import set_role
from ui.date_widgets import FollowsToday, office_day
from ui.dialogs.base import SaveDialog, ok_cancel, run_modal
from ui.focus import enter_moves_on, focus_returns
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.std_buttons import message_box
from ui.typed_money import typed_money
from ui.widgets import date_edit, day_of, detail_table, fill_table

PREVIEW = ("Instalment", "Fee", "Interest", "Principal", "Total")


class PaymentDialog(SaveDialog[Payment]):
    """Shows what a payment would pay before it is posted; a refusal keeps the dialog open."""

    def __init__(
        self,
        database: Database,
        user: User,
        loan_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.hub = hub
        self.loan_no = loan_no
        self.cancelled: tuple[str, ...] = ()
        self.cured: tuple[str, ...] = ()
        self.setWindowTitle(_("Post a payment to {loan_no}", loan_no=loan_no))
        with database.sessions() as session:
            # The office's today: the latest date the core takes (app.cases.payments), and the
            # day a payment taken now is dated, whatever queue date a supervisor set.
            today = office_today(session)
            self.outstanding = sum(i.outstanding for i in find_loan(session, loan_no).instalments)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("e.g. 1,250.00"))
        self.date = date_edit(today, latest=today)
        self.follows_today = FollowsToday(self.date, lambda: office_day(database))
        self.method = QComboBox()
        for method in METHODS:
            self.method.addItem(
                labels.label(labels.METHOD_TITLE, method)
                if method in labels.METHOD_TITLE
                else _("Other"),
                method,
            )
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Bank or receipt reference"))
        form = QFormLayout()
        form.addRow(
            _("Loan:"),
            QLabel(
                _(
                    "{loan_no} — outstanding {amount}",
                    loan_no=loan_no,
                    amount=labels.money(self.outstanding),
                )
            ),
        )
        form.addRow(_("Amount:"), self.amount)
        form.addRow(_("Date:"), self.date)
        form.addRow(_("Method:"), self.method)
        form.addRow(_("Reference:"), self.reference)
        self.preview = detail_table(PREVIEW, numeric=(0, 1, 2, 3, 4))
        # The four amounts share the width (the total alone took it all, squeezing the rest).
        header = self.preview.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(1, len(PREVIEW)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.preview_note = QLabel(_("Enter an amount to see how it will be allocated."))
        self.preview_note.setWordWrap(True)
        # A payment that completes a settlement agreement says so before it is posted: the loan
        # settles and the rest of the debt is waived.
        self.settles_note = QLabel()
        self.settles_note.setWordWrap(True)
        set_role(self.settles_note, "note_bold")
        self.settles_note.hide()
        self.buttons = ok_cancel(self, _("Post payment"), self.try_post)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Allocation (fees → interest → principal, oldest first):")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.settles_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # A payment posted cannot be taken back: Enter goes down the form and posts from the
        # reference, the last field (Ctrl+Enter from anywhere); it posted from the amount, as
        # typed, on today's date and the first method.
        enter_moves_on(self.amount, self.date, self.method, self.reference)
        self.amount.textChanged.connect(self.update_preview)
        self.date.dateChanged.connect(self.update_preview)  # the day decides what counts
        fit_on_screen(self, 620, 460)

    def update_preview(self) -> None:
        """Recompute the allocation for the typed amount (writes nothing)."""
        text = self.amount.text().strip()
        self.settles_note.hide()
        if not text:
            fill_table(self.preview, [])
            self.preview_note.setText(_("Enter an amount to see how it will be allocated."))
            return
        try:
            amount = typed_money(self.database, text)
            with self.database.sessions() as session:
                rows, credit = preview_allocation(
                    find_loan(session, self.loan_no), amount, self.paid_on()
                )
                actor = session.get_one(User, self.user.id)
                settles = payment_settles(session, actor, self.loan_no, amount, self.paid_on())
        except CasedeskError as error:
            fill_table(self.preview, [])
            self.preview_note.setText(error.translated())
            return
        if settles is not None:
            self.settles_note.setText(settles.words())
            self.settles_note.show()
        fill_table(
            self.preview,
            [
                (
                    str(seq),
                    labels.money(fee),
                    labels.money(interest),
                    labels.money(principal),
                    labels.money(fee + interest + principal),
                )
                for seq, fee, interest, principal in rows
            ],
        )
        notes = [_("Instalments receiving money: {count}.", count=len(rows))]
        if credit:
            notes.append(
                _(
                    "{amount} is more than is owed and stays as credit on the loan.",
                    amount=labels.money(credit),
                )
            )
        self.preview_note.setText(sentences(notes))

    def show_error(self, text: str) -> None:
        """The refusal in the red line, not also in the preview's note above it (found by QA:
        "Not an amount" was said twice)."""
        if text and text == self.preview_note.text():
            self.preview_note.setText("")
        super().show_error(text)

    @property
    def payment(self) -> Payment | None:
        """The posted payment (None until one is posted)."""
        return self.saved

    def paid_on(self) -> dt.date:
        return day_of(self.date)

    def try_post(self) -> bool:
        """Post through the core use case; on a refusal show why, save nothing, stay open. A
        payment that would settle the loan and waive the rest is posted only once confirmed."""
        if not self.confirm_settling() or not self.confirm_overpaying():
            return False
        return self.save_through(self._post)

    def confirm_settling(self) -> bool:
        """Ask before a payment that completes a settlement agreement and waives the rest of
        the debt (the preview's warning, checked again now); True when nothing needs asking or
        the user agreed. No keeps the dialog open as typed, with nothing posted."""
        try:
            amount = typed_money(self.database, self.amount.text().strip() or "0")
            with self.database.sessions() as session:
                actor = session.get_one(User, self.user.id)
                settles = payment_settles(session, actor, self.loan_no, amount, self.paid_on())
        except CasedeskError:
            return True  # the posting refuses it and says why
        if settles is None or not settles.waived:
            return True
        box = message_box(
            QMessageBox.Icon.Warning,
            _("Post payment"),
            settles.words(),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText(_("Post this payment?"))
        post = box.addButton(_("Post payment"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)  # Enter twice does not waive a debt
        box.setEscapeButton(cancel)
        with focus_returns(self):  # Cancel: the keys back in the field, the payment as typed
            box.exec()
        return box.clickedButton() is post

    def confirm_overpaying(self) -> bool:
        """Ask before a payment of more than the loan owes in all (an extra zero typed by
        mistake: 20,000 for 2,000), the rest kept as credit; Yes/No, No the default. True when
        nothing needs asking or the user agreed; No keeps the dialog open as typed."""
        try:
            amount = typed_money(self.database, self.amount.text().strip() or "0")
            with self.database.sessions() as session:
                actor = session.get_one(User, self.user.id)
                over = overpaying(session, actor, self.loan_no, amount, self.paid_on())
        except CasedeskError:
            return True  # the posting refuses it and says why
        if over is None:
            return True
        box = message_box(
            QMessageBox.Icon.Warning,
            _("Post payment"),
            over.words(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
            QMessageBox.StandardButton.No,  # Enter twice does not post an extra zero
        )
        box.setInformativeText(over.question())
        box.setEscapeButton(QMessageBox.StandardButton.No)
        with focus_returns(self):  # No: the keys back in the field, the payment as typed
            answer = box.exec()
        return answer == QMessageBox.StandardButton.Yes

    def _post(self) -> Payment:
        amount = typed_money(self.database, self.amount.text().strip() or "0")
        posted = self.as_user(
            lambda session, actor: posting(
                session,
                actor,
                self.loan_no,
                amount,
                self.paid_on(),
                method=self.method.currentData(),
                reference=self.reference.text().strip() or None,
            )
        )
        self.cancelled = posted.cancelled  # unsigned agreements its payoff or cure cancelled
        self.cured = posted.cured
        if self.hub is not None:
            self.hub.announce("payment", "loan", "case")
        return posted.payment

    @classmethod
    def post(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        loan_no: str,
        hub: ChangeHub | None = None,
    ) -> Payment | None:
        """Run the dialog; the posted Payment (announced on `hub`), or None when cancelled."""
        posted = cls.post_told(parent, database, user, loan_no, hub)
        return posted.payment if posted else None

    @classmethod
    def post_told(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        loan_no: str,
        hub: ChangeHub | None = None,
    ) -> Posted | None:
        """`post`, with the unsigned agreements the payment's payoff cancelled."""
        dialog = cls(database, user, loan_no, parent, hub)
        dialog.amount.setFocus()
        return run_modal(
            dialog,
            lambda: Posted(dialog.saved, dialog.cancelled, dialog.cured) if dialog.saved else None,
        )
