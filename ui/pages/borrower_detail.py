"""The borrower detail pane: fields, phones, addresses, related persons, stop flags and loans.

Personal data is masked; supervisors may reveal the ID number, phones or addresses in full for
a written reason (app.privacy.reveal, audited) until another borrower is selected, or make the
borrower's copy of everything the office holds about them (ui/dialogs/borrower_copy.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.errors import CasedeskError
from app.i18n import tr as _
from app.id_labels import id_label
from app.models import User
from app.privacy import reveal, reveal_addresses
from app.queries.borrowers import BorrowerDetail
from db.store import Database
from ui import labels
from ui.colours import set_role
from ui.dialogs.add_phone import AddPhoneDialog, add_phone_button, show_add_phone
from ui.dialogs.borrower_copy import BorrowerCopy, copy_tip
from ui.dialogs.confirm_number import ask_confirm, confirm_button
from ui.dialogs.reveal import RevealDialog
from ui.focus import open_on_enter
from ui.header_items import header_item
from ui.mnemonics import text_changed
from ui.pages.borrower_people import PeopleButtons, heading
from ui.phone_words import phone_kind
from ui.table_fill import TEXT, set_cell
from ui.widgets import FieldForm, detail_table, fill_table, section_label, title_label

FIELDS = ("Borrower no.", "ID number", "Segment", "Age", "Employer", "Time zone")


REVEAL_ORDER = ("national_id", "phones", "addresses")
ADDRESS_HEADERS = ("Kind", "Address", "Postcode", "City", "Verified on")
POSTCODE_COLUMN = 2
# What the office's country calls the postcode (the header's msgid).
POSTCODE_WORD = {"US": "ZIP code"}


class BorrowerDetailPane(QScrollArea):
    """Shows one BorrowerDetail; `loan_activated(loan_id)` on a double-clicked loan;
    `flags_changed` once a change of the stop flags, a new number or a confirmed one, or a
    related person is saved."""

    loan_activated = Signal(int)
    flags_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        # Tab stops on it, as on a case's summary: it was read with no name at all.
        self.setAccessibleName(_("Borrower summary"))
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = title_label(_("No borrower selected"))
        self.copy_button = QPushButton(_("Copy of their data…"))
        self.copy_button.setObjectName("copy_data")
        self.copy_button.clicked.connect(lambda: self.ask_copy())
        self.copier: BorrowerCopy | None = None
        layout.addLayout(heading(self.title, self.copy_button))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.hint = QLabel(
            _(
                "Select a borrower in the list to see their details, loans, phones, addresses "
                "and related persons."
            )
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.content = QWidget()  # hidden until a borrower is shown
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        self.database: Database | None = None
        self.user: User | None = None
        self.revealed: dict[str, list[str]] = {}  # what → full values, for self.detail only
        self.reveal_buttons = {what: self._reveal_button(what) for what in REVEAL_ORDER}
        self.form = FieldForm(FIELDS)
        self._put_beside_value("ID number", self.reveal_buttons["national_id"])
        inner.addLayout(self.form)
        self.flags_button = QPushButton(_("Change…"))
        self.flags_button.setObjectName("change_flags")
        self.flags_button.setToolTip(
            _("Record a request to stop contact, or (supervisors) lift one.")
        )
        self.flags_button.clicked.connect(lambda: self.change_flags())
        inner.addLayout(heading(section_label("Stop flags"), self.flags_button))
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        inner.addWidget(self.flags)
        inner.addWidget(section_label("Loans"))
        self.loans = detail_table(
            ("Loan no.", "Product", "Principal", "Outstanding", "Status"),
            numeric=(2, 3),
            fit_rows=True,
            wrap=1,  # the product wraps: the status stays in sight on a narrow pane
        )
        self.loans.setToolTip(
            _("Double-click a loan, or press Enter on it, to open it on the Loans page.")
        )
        self.loans.cellDoubleClicked.connect(self._open_loan)
        open_on_enter(self.loans, lambda index: self._open_loan(index.row(), index.column()))
        inner.addWidget(self.loans)
        self.phone_button = add_phone_button(self.add_phone)
        self.confirm_button = confirm_button(lambda: self.confirm_number())
        phones = (self.reveal_buttons["phones"], self.phone_button, self.confirm_button)
        inner.addLayout(heading(section_label("Phones"), *phones))
        self.phones = detail_table(("Number", "Kind", "Primary", "Valid"), fit_rows=True)
        inner.addWidget(self.phones)
        inner.addLayout(heading(section_label("Addresses"), self.reveal_buttons["addresses"]))
        self.addresses = detail_table(ADDRESS_HEADERS, fit_rows=True, wrap=1)
        inner.addWidget(self.addresses)
        self.related = detail_table(
            ("Name", "Relation", "Phone", "Consent", "Do not contact"), fit_rows=True
        )
        self.people = PeopleButtons(self, self.related, self.say, self.flags_changed.emit)
        inner.addLayout(heading(section_label("Related persons"), *self.people.buttons))
        inner.addWidget(self.related)
        layout.addWidget(self.content)
        layout.addStretch(1)
        self.setWidget(body)
        self._loan_ids: list[int] = []
        self.detail: BorrowerDetail | None = None
        self._update_buttons()
        self.content.hide()

    # --- revealing personal data ---------------------------------------------------------
    def enable_reveal(self, database: Database, user: User) -> None:
        """Let `user` reveal personal data when their role allows it (else no button shows)."""
        self.database = database
        self.user = user
        self.copier = BorrowerCopy(self, database, user)
        self.copier.said.connect(self.say)
        self._update_buttons()

    def say(self, text: str, error: bool = False) -> None:
        """A line under the title: a refusal in red, what was done in the text's colour."""
        set_role(self.message, "error" if error else None)
        self.message.setText(text)
        self.message.show()

    def ask_copy(self) -> bool:
        """Ask why, in which format and language, then make the shown borrower's copy (off the
        GUI thread); False when cancelled or nothing is shown."""
        if self.detail is None or self.copier is None:
            return False
        d = self.detail
        return self.copier.ask(d.borrower_no, d.name, d.id_country) is not None

    def may_reveal(self) -> bool:
        return self.user is not None and can(self.user, Permission.REVEAL_PERSONAL_DATA)

    def _reveal_button(self, what: str) -> QPushButton:
        button = QPushButton(_("Reveal…"))
        button.setObjectName(f"reveal_{what}")
        button.setToolTip(_("Show in full, for a reason that is kept in the audit log."))
        button.clicked.connect(lambda: self.ask_reveal(what))
        return button

    def _put_beside_value(self, msgid: str, button: QPushButton) -> None:
        """Put `button` right of a form value (the value label keeps its place in form.values)."""
        value = self.form.values[msgid]
        row, _role = self.form.getWidgetPosition(value)
        self.form.removeWidget(value)
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(value)
        line.addWidget(button)
        line.addStretch(1)
        self.form.setWidget(row, QFormLayout.ItemRole.FieldRole, box)

    def _update_buttons(self) -> None:
        # An erased borrower's data are gone: nothing to reveal, and nothing new is recorded.
        live = self.detail is None or self.detail.erased_on is None
        allowed = self.may_reveal() and self.detail is not None and live
        for what, button in self.reveal_buttons.items():
            button.setVisible(allowed and what not in self.revealed)
        self.copy_button.setVisible(
            self.detail is not None
            and live
            and self.user is not None
            and can(self.user, Permission.COPY_PERSONAL_DATA)
        )
        self.flags_button.setVisible(
            live and self.user is not None and can(self.user, Permission.RECORD_STOP_REQUESTS)
        )
        show_add_phone(self.phone_button, self.user, self.detail)
        self.people.show_for(self.database, self.user, self.detail)
        invalid = self.detail is not None and any(not p.valid for p in self.detail.phones)
        self.confirm_button.setVisible(
            live and invalid and self.user is not None and can(self.user, Permission.EDIT_BORROWERS)
        )

    def add_phone(self) -> bool:
        """Record a number of the shown borrower's; True (and `flags_changed`) when added."""
        if self.detail is None or self.database is None or self.user is None:
            return False
        d = self.detail
        if not AddPhoneDialog.run(self, self.database, self.user, d.borrower_no, d.name):
            return False
        self.flags_changed.emit()
        return True

    def confirm_number(self) -> bool:
        """Confirm a number of the shown borrower's found invalid; True (and `flags_changed`)
        when confirmed."""
        if self.detail is None or self.database is None or self.user is None:
            return False
        d = self.detail
        if not ask_confirm(self, self.database, self.user, d.borrower_no, d.name):
            return False
        self.flags_changed.emit()
        return True

    def change_flags(self) -> bool:
        """The stop flags dialog for the shown borrower; True (and `flags_changed`) when saved."""
        from ui.dialogs.stop_flags import StopFlagsDialog

        if self.detail is None or self.database is None or self.user is None:
            return False
        if not StopFlagsDialog.run(self, self.database, self.user, self.detail):
            return False
        self.flags_changed.emit()
        return True

    def ask_reveal(self, what: str) -> bool:
        """Ask for the reason, then reveal; False when cancelled or refused."""
        country = self.detail.id_country if self.detail is not None else "CN"
        reason = RevealDialog.ask(self, what, country)
        return reason is not None and self.reveal(what, reason)

    def reveal(self, what: str, reason: str) -> bool:
        """Reveal `what` of the shown borrower through the core; a refusal shows in the pane."""
        if self.detail is None or self.database is None or self.user is None:
            return False
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                if what == "addresses":
                    parts = reveal_addresses(session, actor, self.detail.id, reason)
                    values = [line for line, _code in parts]
                    self.revealed["postcodes"] = [code for _line, code in parts]
                else:
                    values = reveal(session, actor, self.detail.id, what, reason)
        except CasedeskError as error:
            self.say(error.translated(), error=True)
            return False
        self.message.hide()
        self.revealed[what] = values
        self._show_revealed()
        self._update_buttons()
        return True

    def _show_revealed(self) -> None:
        for what, values in self.revealed.items():
            if what == "national_id" and values:
                self.form.set("ID number", values[0])
            table, column = {
                "phones": (self.phones, 0),
                "addresses": (self.addresses, 1),
                "postcodes": (self.addresses, POSTCODE_COLUMN),
            }.get(what, (None, 0))
            if table is None:
                continue
            for row, value in enumerate(values[: table.rowCount()]):
                set_cell(table, row, column, {TEXT: value})
            table.resizeRowsToContents()
            table.fit_height()

    # --- showing a borrower --------------------------------------------------------------

    def show_detail(self, d: BorrowerDetail | None) -> None:
        """Show `d`, or an empty pane for None; revealed data stays only for the same borrower."""
        if d is None or self.detail is None or d.id != self.detail.id:
            self.revealed = {}
            self.message.hide()
        self.detail = d
        self._update_buttons()
        self.hint.setVisible(d is None)
        self.content.setVisible(d is not None)
        if d is not None:  # its buttons get their Alt+letters now, not at the next focus move
            text_changed(self.content)  # (QA s42: arrowing down the list left them without)
        if d is None:
            self.title.setText(_("No borrower selected"))
            self.form.clear_values()
            self.flags.clear()
            self._loan_ids = []
            for table in (self.loans, self.phones, self.addresses, self.related):
                fill_table(table, [])
            return
        self.title.setText(d.title())
        self.title.setToolTip(
            _("Erased as its records were past their retention; nothing new is recorded.")
            if d.erased_on is not None
            else ""
        )
        self.form.set("Borrower no.", d.borrower_no)
        self.form.relabel("ID number", id_label(d.id_country))
        self.copy_button.setToolTip(copy_tip(d.id_country))  # the office's law
        self.form.set("ID number", d.masked_id)
        self.form.set("Segment", labels.label(labels.SEGMENT, d.segment))
        self.form.set("Age", str(d.age) if d.age is not None else "")
        self.form.set("Employer", d.employer)
        self.form.set("Time zone", d.timezone)
        stops = [labels.label(labels.STOP_FLAG, name) for name, on in d.flags.items() if on]
        self.flags.setText(" · ".join(stops) if stops else _("None"))
        self._loan_ids = [loan.id for loan in d.loans]
        fill_table(
            self.loans,
            [
                (
                    loan.loan_no,
                    loan.product,
                    labels.money(loan.principal),
                    labels.money(loan.outstanding),
                    labels.label(labels.LOAN_STATUS, loan.status),
                )
                for loan in d.loans
            ],
        )
        fill_table(
            self.phones,
            [
                (
                    p.number,
                    phone_kind(p),  # "Home · landline": no SMS reaches it
                    labels.yes_no(p.is_primary),
                    labels.yes_no(p.valid),
                )
                for p in d.phones
            ],
        )
        word = POSTCODE_WORD.get(d.id_country, "Postcode")
        # A new item, not Qt's read back: one read back may outlive it (ui/header_items.py).
        self.addresses.setHorizontalHeaderItem(POSTCODE_COLUMN, header_item(_(word)))
        fill_table(
            self.addresses,
            [
                (
                    labels.label(labels.KIND, a.kind),
                    a.line,
                    a.postcode,
                    a.city,
                    labels.day(a.verified_on),
                )
                for a in d.addresses
            ],
        )
        fill_table(
            self.related,
            [
                (
                    r.name,
                    labels.label(labels.RELATION, r.relation),
                    r.phone,
                    labels.yes_no(r.consent),
                    labels.yes_no(r.do_not_contact),
                )
                for r in d.related
            ],
        )
        self._show_revealed()

    def _open_loan(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._loan_ids):
            self.loan_activated.emit(self._loan_ids[row])
