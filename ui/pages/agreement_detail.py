"""The Agreements page's status filter, and its detail pane: the selected agreement's summary
(its terms, what the office must still do, what the borrower stated — at a visit too) beside its
plan, in a splitter whose position the window remembers. Side by side, each has the pane's whole
height: the summary's last line is not scrolled away under the plan at 1366×768, nor the plan
squeezed to a few rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QScrollArea, QSplitter, QWidget

from app.agreements.listing import AgreementDetail
from app.agreements.outcome import ENDINGS
from app.agreements.readiness import READY, status_words
from app.agreements.waived import terms_words
from app.i18n import tr as _
from app.labels import AGREEMENT_INSTALMENT_STATUS, AGREEMENT_KIND, capital, label
from app.models import AgreementStatus
from ui import labels
from ui.widgets import DetailTable, detail_table

PLAN_HEADERS = ("No.", "Due date", "Amount", "Paid", "Instalment status")


def status_combo() -> QComboBox:
    """The list's status filter: every status, and after "Approved" (those a supervisor or admin
    approved) "Ready for signing" (those their drafter made ready: app/agreements/
    status_filter.py), as the list's Status column reads them."""
    combo = QComboBox()
    combo.addItem(_("All statuses"), None)
    for status in AgreementStatus:
        combo.addItem(capital(status_words(status, False)), status.value)
        if status is AgreementStatus.APPROVED:
            combo.addItem(capital(status_words(status, True)), READY)
    return combo


class SummaryArea(QScrollArea):
    """The summary as a word-wrapped, selectable label from the top of the pane; only a text
    taller than the whole pane scrolls. `label` is the QLabel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(_("Select an agreement to see its plan."))
        self.label.setObjectName("agreementSummary")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_text(self, text: str) -> None:
        self.label.setText(text)


def detail_pane(parent: QWidget | None = None) -> tuple[QSplitter, SummaryArea, DetailTable]:
    """The summary (left, the wider) and the plan (right) side by side in a splitter."""
    summary = SummaryArea()
    plan = detail_table(PLAN_HEADERS, numeric=(0, 2, 3))
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.setObjectName("agreementDetail")
    splitter.addWidget(summary)
    splitter.addWidget(plan)
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes([600, 400])
    return splitter, summary, plan


def summary_text(detail: AgreementDetail) -> str:
    """The selected agreement in words, a line each: what it is, its figures, what the office
    must still do or why it ended, and what the borrower stated."""
    r = detail.row
    lines = [
        _(
            "{number} · {kind} · {status} · case {case} · loan {loan} · {borrower}",
            number=r.agreement_no,
            kind=capital(label(AGREEMENT_KIND, r.kind)),
            status=capital(status_words(r.status, r.ready)),
            case=r.case_no,
            loan=r.loan_no,
            borrower=r.borrower,
        ),
        terms_words(r.debt, r.settled, r.waiver, detail.waived),
    ]
    lines.append(history_text(detail))
    if detail.lapse is not None:  # a draft again since a lowered threshold: who, when
        lines.append(detail.lapse.words())
    if detail.needs_supervisor and r.status == "draft":
        lines.append(_("The waiver is above the office's threshold: a supervisor must approve it."))
    elif r.status == "draft" and not detail.needs_approval:
        lines.append(
            _("No supervisor's approval is needed: the waiver is within the office's threshold.")
        )
    if r.ended_on is not None and r.status == "cancelled" and detail.cancelled_by_name:
        when = {"date": labels.day(r.ended_on), "name": detail.cancelled_by_name}
        lines.append(_("Cancelled on {date} by {name}.", **when))
    elif r.ended_on is not None and r.status in ENDINGS:
        lines.append(_(ENDINGS[r.status], date=labels.day(r.ended_on)))
    if detail.legal_note:  # the case stays in legal under it, or went back there
        lines.append(detail.legal_note)
    if detail.supersedes:
        lines.append(_("Supersedes {number}.", number=detail.supersedes))
    if detail.cancel_reason:
        lines.append(_("Cancelled: {reason}", reason=detail.cancel_reason))
    if detail.cannot_sign:  # why Record signing is off
        lines.append(detail.cannot_sign)
    if detail.stated_reason:
        lines.append(_("Stated reason: {text}", text=detail.stated_reason))
    if detail.stated_capacity:
        lines.append(_("Stated capacity: {text}", text=detail.stated_capacity))
    return "\n".join(lines)


def history_text(detail: AgreementDetail) -> str:
    """Who drafted and approved it and when, and the signing: the supervisor's check of the
    maker-checker trail (found by QA: the window showed none of it)."""
    r = detail.row
    words = {"date": labels.day(r.drafted_on), "name": detail.drafted_by_name or "—"}
    if detail.approved_on is None:
        return _("Drafted on {date} by {name}.", **words)
    words |= {
        "approved": labels.day(detail.approved_on),
        "approver": detail.approved_by_name or "—",
    }
    if r.ready and r.signed_on is None:  # its drafter's step, no supervisor's
        return _(
            "Drafted on {date} by {name}; made ready for signing on {approved} by {approver}.",
            **words,
        )
    if r.ready:
        return _(
            "Drafted on {date} by {name}; made ready for signing on {approved} by {approver}; "
            "signed on {signed}.",
            signed=labels.day(r.signed_on),
            **words,
        )
    if r.signed_on is None:
        return _("Drafted on {date} by {name}; approved on {approved} by {approver}.", **words)
    return _(
        "Drafted on {date} by {name}; approved on {approved} by {approver}; signed on {signed}.",
        signed=labels.day(r.signed_on),
        **words,
    )


def plan_rows(detail: AgreementDetail) -> list[list[str]]:
    """The plan's instalments as the table shows them."""
    return [
        [
            str(p.seq),
            labels.day(p.due_on),
            labels.money(p.amount),
            labels.money(p.paid),
            capital(label(AGREEMENT_INSTALMENT_STATUS, p.status)),
        ]
        for p in detail.plan
    ]


def acted_text(number: str, status: str, ready: bool, listed: bool) -> str:
    """What the page says once it approved, signed or cancelled agreement `number` (now `status`):
    a draft made ready for signing as the button said it; one the status filter lists no more said
    so, not "is now ." (found by QA)."""
    if ready and listed:
        return _(
            "Agreement {number} is ready for signing: print it for both parties to sign.",
            number=number,
        )
    if ready:
        return _(
            "Agreement {number} is ready for signing; the status filter no longer lists it.",
            number=number,
        )
    if listed:
        return _("Agreement {number} is now {status}.", number=number, status=status)
    return _(
        "Agreement {number} is now {status}; the status filter no longer lists it.",
        number=number,
        status=status,
    )
