"""Which of the case page's buttons the case shown allows, each greyed one with its reason in the
tool tip (split from ui/pages/case_page.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n import tr as _
from app.models import LoanStatus
from app.models.loan import OWED
from ui.pages.case_closed_tips import say_why_closed

if TYPE_CHECKING:
    from ui.pages.case_page import CasePage


def set_enabled(page: CasePage) -> None:
    """Enable or disable the page's buttons for the case shown, each greyed one saying why."""
    d = page.detail
    page.contact_button.setEnabled(d is not None and d.status != "closed")
    owed = d is not None and LoanStatus(d.loan.status) in OWED  # a loan in legal is paid
    page.pay_button.setEnabled(owed and d is not None and d.loan.outstanding > 0)
    # Only the loan's latest case decides on it (app/loans/closure.py); an earlier one names it.
    latest = d.loan.cases[0].case_no if d is not None and d.loan.cases else None
    earlier = d is not None and latest is not None and latest != d.case_no
    paid = ""
    if d is not None and d.loan.status == "written_off":  # greyed out: the page says why
        paid = (
            _(
                "Loan {loan_no} is written off; it takes no more payments. To post money paid "
                "after the write-off, a supervisor first reinstates the loan from its case "
                "{case}.",
                loan_no=d.loan.loan_no,
                case=latest,
            )
            if earlier
            else _(
                "Loan {loan} is written off and takes no more payments; reinstate it (Legal "
                "or write-off…) to post money paid since.",
                loan=d.loan.loan_no,
            )
        )
    page.pay_button.setToolTip(paid)
    page.assign_button.setEnabled(d is not None and d.status != "closed")
    # An erased borrower's data are gone (app/erasure.py): no flag or decision is recorded.
    erased = d.borrower.erased_on if d is not None else None
    said = (
        _(
            "The borrower's personal data were erased on {date}: nothing new can be recorded "
            "about them.",
            date=erased.isoformat(),
        )
        if erased is not None
        else ""
    )
    page.flags_button.setEnabled(d is not None and erased is None)
    page.flags_button.setToolTip(said or page.flags_tip)
    page.complaint_button.setEnabled(d is not None and erased is None)
    page.complaint_button.setToolTip(said)
    page.note_button.setEnabled(d is not None and erased is None)  # a closed case takes one
    page.note_button.setToolTip(said)
    # One in progress (or a loan with nothing left to agree): said before the dialog opens.
    cannot_draft = d.cannot_draft if d is not None else None
    page.agreement_button.setEnabled(d is not None and d.status != "closed" and not cannot_draft)
    page.agreement_button.setToolTip(cannot_draft or "")
    # A contract without a home-visit clause takes no visit: said before the dialog opens.
    visitable = d is not None and d.loan.home_visit_consent
    page.visit_button.setEnabled(visitable and d is not None and d.status != "closed")
    page.visit_button.setToolTip(
        _(
            "The contract of loan {loan} has no home-visit clause; no visit can be requested.",
            loan=d.loan.loan_no,
        )
        if d is not None and not visitable
        else ""
    )
    # Open cases, and a written-off loan's closed case (to reinstate it).
    page.closure_button.setEnabled(
        d is not None
        and erased is None
        and not earlier
        and (d.status != "closed" or d.loan.status == "written_off")
    )
    page.closure_button.setToolTip(
        said
        or (
            _(
                "Case {case} is an earlier case of loan {loan}; decide on its current case, "
                "{latest}.",
                case=d.case_no,
                loan=d.loan.loan_no,
                latest=latest,
            )
            if d is not None and earlier
            else ""
        )
    )
    say_why_closed(page, d)
    if erased is not None:  # closed as well, but the erasure is what no reopening undoes
        for button in (
            page.contact_button,
            page.pay_button,
            page.assign_button,
            page.agreement_button,
            page.visit_button,
        ):
            button.setToolTip(said)
    page.buttons_set.emit()
