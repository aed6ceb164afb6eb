"""Test data for the retention list's erasure marks: a listed case's borrower given a new loan,
still being repaid, which keeps their personal data (QA: such a borrower was offered for
erasure and refused only after the confirmation)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.compliance import change_parameters
from app.erasure import erasure_refusal
from app.loans.service import book_loan
from app.models import Borrower, Case, Loan, LoanProduct, User
from app.retention import past_retention, retention_rule
from tests.office_day import office_today

NEW_LOAN = "LN-KEPT-1"


def keep_one(s: Any) -> tuple[str, str, str]:
    """Book NEW_LOAN for the borrower of a listed case, leaving another listed borrower erasable:
    (the kept one's case, the kept borrower, the erasable borrower). Records are kept one year
    here, not two: the small demo office lists more cases then, whatever its build day."""
    admin = s.scalar(select(User).where(User.username == "admin"))
    change_parameters(s, admin, "records_retention", {"years": 1})
    rule, today = retention_rule(s), office_today()
    listed = []
    for past in past_retention(s).cases:
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id))
        if erasure_refusal(s, borrower, rule, today) is None:
            listed.append((past.case_no, borrower))
    numbers = list(dict.fromkeys(b.borrower_no for _, b in listed))
    assert len(numbers) >= 2, "the demo office has fewer than two erasable borrowers"
    case_no, kept = next((c, b) for c, b in listed if b.borrower_no == numbers[0])
    product = s.scalar(select(LoanProduct).where(LoanProduct.code == "PCL"))
    book_loan(
        s,
        admin,
        loan_no=NEW_LOAN,
        borrower=kept,
        product=product,
        principal=1_200_000,
        term_months=12,
        disbursed_on=today,
        annual_rate_bp=0,
    )
    return case_no, kept.borrower_no, numbers[1]
