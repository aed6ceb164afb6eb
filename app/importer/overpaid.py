"""The loans a payments file pays more than they owe in all: an extra zero typed in a statement
(20,000 for 2,000) posts, as the import asks nothing, and the rest is kept as credit on the loan.
The check and the summary name them (loan number and the credit), so a mistake is seen before
importing, or at once after; a posted payment cannot be taken back. The Post payment dialog and
`payment post` ask instead (app/cases/overpaying.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.importer.payments import PaymentPlan
from app.models import Instalment

CHUNK = 500  # loan ids per IN (…) query


def overpaid(session: Session, plan: PaymentPlan) -> dict[str, int]:
    """Loan number → what the file's payments to it leave as credit (minor units), read before
    they are posted: whatever order the waterfall pays in, what a loan takes beyond all it owes
    is credit."""
    paying = {loan_id: sum(p[2] for p in rows) for loan_id, rows in plan.by_loan.items()}
    owed: dict[int, int] = dict.fromkeys(paying, 0)
    left = (
        Instalment.principal_due
        + Instalment.interest_due
        + Instalment.fee_due
        - Instalment.principal_paid
        - Instalment.interest_paid
        - Instalment.fee_paid
    )
    ids = sorted(paying)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for loan_id, total in session.execute(
            select(Instalment.loan_id, func.sum(left))
            .where(Instalment.loan_id.in_(chunk))
            .group_by(Instalment.loan_id)
        ):
            owed[loan_id] = int(total or 0)
    return {
        plan.loan_no[loan_id]: paid - owed[loan_id]
        for loan_id, paid in sorted(paying.items(), key=lambda item: plan.loan_no[item[0]])
        if paid > owed[loan_id]
    }
