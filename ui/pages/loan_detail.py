"""The loan detail pane: contract clauses and terms, the schedule, the payments and allocations,
and the loan's cases (each a link that opens it: a supervisor decides on a loan from its case)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import listed, plural
from app.i18n import tr as _
from app.labels import CASE_STATUS, CLOSED_AS
from app.queries.loans import LoanCase, LoanDetail, PaymentInfo
from ui import labels
from ui.table_fill import ALIGN, set_cell
from ui.widgets import FieldForm, detail_table, fill_table, hold_top, title_label

TERMS = ("Borrower", "Product", "Repayment", "Principal", "Annual rate", "Term")
CLAUSES = (
    "Disbursed on",
    "First due on",
    "Home visits consented",
    "Third-party contact consented",
    "Outstanding",
    "Credit balance",
)
SCHEDULE = ("#", "Due date", "Principal", "Interest", "Fee", "Paid", "Outstanding", "Paid off on")
PAYMENTS = ("Date", "Amount", "Method", "Reference", "Credit", "Allocation")


class LoanDetailPane(QWidget):
    """Shows one LoanDetail: terms and clauses side by side, schedule and payments in tabs;
    `case_activated(case_id)` when one of the loan's cases is clicked."""

    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = title_label(_("No loan selected"))
        layout.addWidget(self.title)
        # Write-offs undone, which the loan's status no longer shows (hidden when there is none).
        self.write_offs = QLabel()
        self.write_offs.setWordWrap(True)
        self.write_offs.setVisible(False)
        layout.addWidget(self.write_offs)
        # The loan's cases, latest first: the way to the case page (and Legal or write-off…).
        self.cases = QLabel()
        self.cases.setObjectName("loan_cases")
        self.cases.setWordWrap(True)
        self.cases.setTextFormat(Qt.TextFormat.RichText)
        self.cases.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.cases.setToolTip(_("Click a case to open it; a supervisor decides on the loan there."))
        self.cases.linkActivated.connect(self._case_link)
        self.cases.setVisible(False)
        layout.addWidget(self.cases)
        self.hint = QLabel(_("Select a loan in the list to see its terms, schedule and payments."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.content = QWidget()  # hidden until a loan is shown
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        forms = QHBoxLayout()
        self.terms = FieldForm(TERMS)
        self.clauses = FieldForm(CLAUSES)
        forms.addLayout(self.terms, 1)
        forms.addSpacing(24)
        forms.addLayout(self.clauses, 1)
        inner.addLayout(forms)
        self.tabs = QTabWidget()
        self.schedule = detail_table(SCHEDULE, numeric=(0, 2, 3, 4, 5, 6))
        self.payments = detail_table(PAYMENTS, numeric=(1, 4))
        self.payments.setWordWrap(True)
        self.tabs.addTab(self.schedule, _("Schedule"))
        self.tabs.addTab(self.payments, _("Payments"))
        inner.addWidget(self.tabs, 1)
        layout.addWidget(self.content, 1)
        layout.addStretch(0)  # hold_top: the room while no loan is shown
        self.detail: LoanDetail | None = None
        self._empty(True)

    def _empty(self, empty: bool) -> None:
        self.hint.setVisible(empty)
        self.content.setVisible(not empty)
        hold_top(self, empty)

    def show_detail(self, d: LoanDetail | None) -> None:
        """Show `d`, or an empty pane for None."""
        self.detail = d
        self._empty(d is None)
        if d is None:
            self.title.setText(_("No loan selected"))
            self.write_offs.setVisible(False)
            self.cases.setVisible(False)
            self.terms.clear_values()
            self.clauses.clear_values()
            fill_table(self.schedule, [])
            fill_table(self.payments, [])
            self.tabs.setTabText(1, _("Payments"))
            return
        status = labels.label(labels.LOAN_STATUS, d.status)
        if d.closed_on:
            status += " " + _("(closed {date})", date=labels.day(d.closed_on))
        self.write_offs.setText(
            "\n".join(
                _(
                    "Written off on {date} ({amount} owed), reinstated on {back}.",
                    date=labels.day(off),
                    amount=labels.money(owed),
                    back=labels.day(back),
                )
                for off, back, owed in d.reinstated
            )
        )
        self.write_offs.setVisible(bool(d.reinstated))
        self.cases.setText(_cases_text(d.cases))
        self.cases.setVisible(True)
        self.title.setText(f"{d.loan_no} · {status}")
        self.terms.set("Borrower", d.borrower)
        self.terms.set("Product", d.product)
        self.terms.set("Repayment", labels.label(labels.SCHEDULE_TYPE, d.schedule_type))
        self.terms.set("Principal", labels.money(d.principal))
        self.terms.set("Annual rate", f"{d.annual_rate_bp / 100:.2f}%")
        self.terms.set("Term", plural(d.term_months, "{count} month", "{count} months"))
        self.clauses.set("Disbursed on", labels.day(d.disbursed_on))
        self.clauses.set("First due on", labels.day(d.first_due_on))
        self.clauses.set("Home visits consented", labels.yes_no(d.home_visit_consent))
        self.clauses.set("Third-party contact consented", labels.yes_no(d.third_party_consent))
        self.clauses.set("Outstanding", labels.money(d.outstanding))
        self.clauses.set("Credit balance", labels.money(d.credit_balance))
        fill_table(
            self.schedule,
            [
                (
                    str(r.seq),
                    labels.day(r.due_on),
                    labels.money(r.principal),
                    labels.money(r.interest),
                    labels.money(r.fee),
                    labels.money(r.paid),
                    labels.money(r.outstanding),
                    labels.day(r.paid_off_on),
                )
                for r in d.schedule
            ],
        )
        fill_table(self.payments, [_payment_row(p) for p in d.payments])
        self.tabs.setTabText(1, _("Payments ({count})", count=len(d.payments)))
        top_left = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
        for r in range(self.payments.rowCount()):
            set_cell(self.payments, r, len(PAYMENTS) - 1, {ALIGN: top_left})

    def _case_link(self, link: str) -> None:
        if link.startswith("case:") and link[5:].isdigit():
            self.case_activated.emit(int(link[5:]))


def _cases_text(cases: list[LoanCase]) -> str:
    """ "Cases: C2026-000094 (New), C2025-000063 (Closed — Written off)", each number a link."""
    if not cases:
        return escape(_("Cases: none."), quote=False)
    shown = []
    for c in cases:
        status = labels.label(CASE_STATUS, c.status)
        if c.close_reason:
            status += " — " + labels.label(CLOSED_AS, c.close_reason)
        link = f'<a href="case:{c.id}">{escape(c.case_no)}</a>'
        shown.append(_("{case} ({status})", case=link, status=escape(status, quote=False)))
    return _("Cases: {cases}", cases=listed(shown))


def _payment_row(p: PaymentInfo) -> tuple[str, ...]:
    allocation = "\n".join(
        _(
            "#{seq}: {total} (fee {fee} · interest {interest} · principal {principal})",
            seq=a.seq,
            total=labels.money(a.total),
            fee=labels.money(a.fee),
            interest=labels.money(a.interest),
            principal=labels.money(a.principal),
        )
        for a in p.allocations
    )
    return (
        labels.day(p.paid_on),
        labels.money(p.amount),
        labels.label(labels.METHOD_TITLE, p.method),
        p.reference,
        labels.money(p.credit),
        allocation,
    )
