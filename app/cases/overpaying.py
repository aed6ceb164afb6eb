"""Whether a payment not yet posted is more than its loan owes in total (not just overdue): an
extra zero typed by mistake (20,000 for 2,000), and a posted payment cannot be taken back. The
Post payment dialog and `payment post` ask before posting it; the rest is kept as credit on the
loan. The import is not asked (nothing to ask): its summary names such loans
(app/importer/overpaid.py). Writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.cases.payments import find_loan, held_to_own_cases
from app.i18n import tr
from app.models import User
from app.models.loan import OWED
from app.money import fmt


@dataclass(frozen=True)
class Overpaying:
    """A payment of `amount` on a loan that owes `owed` in all (minor units)."""

    loan_no: str
    amount: int
    owed: int

    @property
    def credit(self) -> int:
        """What the posting keeps as credit on the loan."""
        return self.amount - self.owed

    def words(self, lang: str | None = None) -> str:
        return tr(
            "{amount} is {extra} more than the loan owes ({owed}).",
            lang,
            amount=fmt(self.amount),
            extra=fmt(self.credit),
            owed=fmt(self.owed),
        )

    def question(self, lang: str | None = None) -> str:
        return tr("Post it and keep {extra} as credit on the loan?", lang, extra=fmt(self.credit))


def overpaying(
    session: Session, actor: User, loan_no: str, amount: int, paid_on: dt.date
) -> Overpaying | None:
    """The overpayment `amount` would be, checked as record_payment checks who may post it; None
    when it is not more than the loan owes, or when the posting refuses it anyway (a loan no
    longer owed, a date before the disbursement, no amount): the refusal then says why."""
    require(actor, Permission.POST_PAYMENTS)
    loan = find_loan(session, loan_no)
    held_to_own_cases(session, actor, loan)
    if amount <= 0 or loan.status not in OWED or paid_on < loan.disbursed_on:
        return None
    owed = sum(i.outstanding for i in loan.instalments)
    if amount <= owed:
        return None
    return Overpaying(loan.loan_no, amount, owed)
