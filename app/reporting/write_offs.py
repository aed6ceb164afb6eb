"""The portfolio report's write-offs of a period: loans written off in it and what they still
owed. A loan written off now says so itself; one written off in the period and reinstated since
is read from the write-offs undone (LoanReinstatement), so a past period reprinted later still
counts it. Beside them, what came in during the period on loans written off before: money a loan
takes only once reinstated, and an office counts as a recovery after write-off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Instalment, Loan, LoanReinstatement, LoanStatus, Payment
from app.reporting.period import Period


@dataclass(frozen=True)
class WriteOffs:
    """Loans written off in the period (their write-off date in it), and what they still owed
    then: a written-off loan takes no payment, so for one still written off that is what it owes
    now; for one reinstated since, what was recorded when it was reinstated."""

    loans: int
    owed: int  # minor units
    # Paid to the debt in the period on loans written off before the payment's day (reinstated
    # since, as a written-off loan takes no payment), and on how many loans.
    recovered: int = 0
    recovered_loans: int = 0


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
    recovered, recovered_loans = recovered_after_write_off(session, period)
    return WriteOffs(len(owed), sum(owed.values()), recovered, recovered_loans)


def recovered_after_write_off(session: Session, period: Period) -> tuple[int, int]:
    """(amount, loans) paid to the debt in the period on loans that had been written off before
    the payment came. A write-off is never dated before the loan's last payment and a
    written-off loan takes none, so a payment dated after a write-off came after it; one dated
    the write-off's own day came after it when it was posted after the decision (the audit
    trail's time), and before it otherwise (the money the write-off followed)."""
    p, r, a = Payment, LoanReinstatement, AuditEntry
    decided_before = exists().where(
        a.entity == "loan",
        a.entity_id == Loan.loan_no,
        a.action == "loan.write_off",
        a.at < p.created_at,
    )
    after = or_(
        r.written_off_on < p.paid_on,
        and_(r.written_off_on == p.paid_on, decided_before),
    )
    amount, loans = session.execute(
        select(
            func.coalesce(func.sum(p.amount - p.credit_amount), 0),
            func.count(func.distinct(p.loan_id)),
        )
        .join(Loan, Loan.id == p.loan_id)
        .where(
            # The loans ever written off and reinstated first (a few): their payments of the
            # period through the (loan, date) index, not every payment of the period probed.
            p.loan_id.in_(select(r.loan_id).distinct()),
            p.paid_on >= period.start,
            p.paid_on <= period.end,
            exists().where(r.loan_id == p.loan_id, after),
        )
    ).one()
    return int(amount), int(loans)
