"""The portfolio report's write-offs of a period: loans written off in it and what they still
owed. A loan written off now says so itself; one written off in the period and reinstated since
is read from the write-offs undone (LoanReinstatement), so a past period reprinted later still
counts it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Instalment, Loan, LoanReinstatement, LoanStatus
from app.reporting.period import Period


@dataclass(frozen=True)
class WriteOffs:
    """Loans written off in the period (their write-off date in it), and what they still owed
    then: a written-off loan takes no payment, so for one still written off that is what it owes
    now; for one reinstated since, what was recorded when it was reinstated."""

    loans: int
    owed: int  # minor units


def write_offs(session: Session, period: Period) -> WriteOffs:
    i = Instalment
    due = i.principal_due + i.interest_due + i.fee_due
    paid = i.principal_paid + i.interest_paid + i.fee_paid
    now = session.execute(
        select(Loan.id, func.coalesce(func.sum(due - paid), 0))
        .select_from(Loan)
        .join(i, i.loan_id == Loan.id)
        .where(
            Loan.status == LoanStatus.WRITTEN_OFF,
            Loan.closed_on >= period.start,
            Loan.closed_on <= period.end,
        )
        .group_by(Loan.id)
    ).all()
    owed = {loan_id: int(amount) for loan_id, amount in now}
    r = LoanReinstatement
    undone = session.execute(
        select(r.loan_id, r.owed)
        .where(r.written_off_on >= period.start, r.written_off_on <= period.end)
        .order_by(r.written_off_on.desc(), r.id.desc())
    )
    for loan_id, amount in undone:  # a loan written off twice counts once, at its last
        owed.setdefault(loan_id, int(amount))
    return WriteOffs(len(owed), sum(owed.values()))
