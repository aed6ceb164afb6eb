"""The borrower detail pane: fields, phones, addresses, related persons, stop flags and loans."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.i18n import tr as _
from app.queries.borrowers import BorrowerDetail
from ui import labels
from ui.widgets import FieldForm, detail_table, fill_table, section_label, title_label

FIELDS = ("Borrower no.", "ID number", "Segment", "Birth date", "Employer", "Time zone")


class BorrowerDetailPane(QScrollArea):
    """Shows one BorrowerDetail; `loan_activated(loan_id)` on a double-clicked loan."""

    loan_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = title_label(_("No borrower selected"))
        layout.addWidget(self.title)
        self.form = FieldForm(FIELDS)
        layout.addLayout(self.form)
        layout.addWidget(section_label("Stop flags"))
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        layout.addWidget(self.flags)
        layout.addWidget(section_label("Loans"))
        self.loans = detail_table(
            ("Loan no.", "Product", "Principal", "Outstanding", "Status"),
            numeric=(2, 3),
            fit_rows=True,
        )
        self.loans.setToolTip(_("Double-click a loan to open it on the Loans page."))
        self.loans.cellDoubleClicked.connect(self._open_loan)
        layout.addWidget(self.loans)
        layout.addWidget(section_label("Phones"))
        self.phones = detail_table(("Number", "Kind", "Primary", "Valid"), fit_rows=True)
        layout.addWidget(self.phones)
        layout.addWidget(section_label("Addresses"))
        self.addresses = detail_table(("Kind", "Address", "City", "Verified on"), fit_rows=True)
        layout.addWidget(self.addresses)
        layout.addWidget(section_label("Related persons"))
        self.related = detail_table(
            ("Name", "Relation", "Phone", "Consent", "Do not contact"), fit_rows=True
        )
        layout.addWidget(self.related)
        layout.addStretch(1)
        self.setWidget(body)
        self._loan_ids: list[int] = []
        self.detail: BorrowerDetail | None = None

    def show_detail(self, d: BorrowerDetail | None) -> None:
        """Show `d`, or an empty pane for None."""
        self.detail = d
        if d is None:
            self.title.setText(_("No borrower selected"))
            self.form.clear_values()
            self.flags.clear()
            self._loan_ids = []
            for table in (self.loans, self.phones, self.addresses, self.related):
                fill_table(table, [])
            return
        self.title.setText(d.name)
        self.form.set("Borrower no.", d.borrower_no)
        self.form.set("ID number", d.masked_id)
        self.form.set("Segment", labels.label(labels.SEGMENT, d.segment))
        self.form.set("Birth date", labels.day(d.birth_date))
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
                    labels.label(labels.KIND, p.kind),
                    labels.yes_no(p.is_primary),
                    labels.yes_no(p.valid),
                )
                for p in d.phones
            ],
        )
        fill_table(
            self.addresses,
            [
                (labels.label(labels.KIND, a.kind), a.line, a.city, labels.day(a.verified_on))
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

    def _open_loan(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._loan_ids):
            self.loan_activated.emit(self._loan_ids[row])
