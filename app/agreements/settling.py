"""Whether a payment not yet posted would complete a settlement agreement: the agreed amount
reached, the agreement completes, the loan settles and the rest of its debt is waived (what
app/agreements/watch.py does at the posting). The payment dialog and `payment post` say it
before the user confirms; writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import settings
from app.agreements.common import counts_toward
from app.agreements.watch import WATCHED
from app.i18n import tr
from app.models import Agreement, Case, Loan, LoanStatus, Payment
from app.money import fmt

SETTLES = (LoanStatus.ACTIVE, LoanStatus.LEGAL)  # the loans watch.py settles


@dataclass(frozen=True)
class Settling:
    """A payment's completion of `agreement_no`: the loan settles, `waived` (minor units) of
    what it still owes after the payment is waived (0: the payment clears the loan itself)."""

    agreement_no: str
    loan_no: str
    waived: int

    def words(self, lang: str | None = None) -> str:
        if not self.waived:
            return tr(
                "This payment completes agreement {agreement}: the agreed amount is paid.",
                lang,
                agreement=self.agreement_no,
            )
        return tr(
            "This payment completes agreement {agreement} and settles loan {loan_no}: the rest "
            "of the debt, {amount}, is waived.",
            lang,
            agreement=self.agreement_no,
            loan_no=self.loan_no,
            amount=fmt(self.waived),
        )


def settling(
    session: Session, loan: Loan, amount: int, paid_on: dt.date, credit: int = 0
) -> Settling | None:
    """The agreement `amount` paid on `paid_on` would complete, if any. `credit`: the part of the
    amount the waterfall would keep as credit (app.cases.payments.preview_allocation)."""
    if amount <= 0:
        return None
    # The day the agreement is judged by once the queue reaches the payment (the posting's
    # rebuild, as of the queue date, when that is not before it).
    as_of = max(settings.as_of(session), paid_on)
    a, c, pay = Agreement, Case, Payment
    paid_before = (
        select(func.coalesce(func.sum(pay.amount), 0))
        .where(pay.loan_id == loan.id, counts_toward(pay, a), pay.paid_on <= as_of)
        .scalar_subquery()
    )
    rows = session.execute(
        select(a.agreement_no, a.settled_amount, paid_before)
        .join(c, c.id == a.case_id)
        .where(c.loan_id == loan.id, a.status.in_(WATCHED), a.signed_on.is_not(None))
        .order_by(a.id)
    ).all()
    for agreement_no, settled, before in rows:
        if int(before) < settled <= int(before) + amount:
            owed = sum(i.outstanding for i in loan.instalments)
            waived = max(0, owed - (amount - credit)) if loan.status in SETTLES else 0
            return Settling(agreement_no, loan.loan_no, waived)
    return None
