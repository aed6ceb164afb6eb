"""Before a payment is posted, the core says whether it completes a settlement agreement (the
agreed amount reached: the agreement completes, the loan settles, the rest of the debt is
waived), and how much is waived, as the posting then does; checked as the posting checks who may
post it. QA: such a payment gave no warning before it was posted."""

from __future__ import annotations

import pytest

from app.cases.payments import find_loan, payment_settles, record_payment
from app.errors import PermissionDenied
from app.models import LoanStatus
from tests.core.settling_office import AGREED, PAID, settling_office
from tests.core.test_agreements import _today, _user


def test_the_payment_that_reaches_the_agreed_amount_says_what_it_waives(db) -> None:
    number = settling_office(db)
    rest = AGREED - PAID
    with db.session() as s:
        agent = _user(s, "agent01")
        assert payment_settles(s, agent, "L1", rest - 1, _today()) is None
        assert payment_settles(s, agent, "L2", rest, _today()) is None  # no agreement there
        found = payment_settles(s, agent, "L1", rest, _today())
        assert found is not None and (found.agreement_no, found.loan_no) == (number, "L1")
        owed = sum(i.outstanding for i in find_loan(s, "L1").instalments)
        assert found.waived == owed - rest > 0
        assert found.words("en") == (
            f"This payment completes agreement {number} and settles loan L1: the rest of the "
            f"debt, {found.waived / 100:,.2f}, is waived."
        )
        assert found.words("zh_CN").startswith(f"这笔还款将使还款协议 {number} 履行完毕")
        with pytest.raises(PermissionDenied):
            payment_settles(s, _user(s, "agent02"), "L1", rest, _today())  # not theirs
    with db.session() as s:
        record_payment(s, _user(s, "agent01"), "L1", rest, _today(), today=_today())
    with db.session() as s:
        loan = find_loan(s, "L1")
        assert loan.status is LoanStatus.SETTLED  # as said: settled, the rest waived
        assert sum(i.outstanding for i in loan.instalments) == found.waived
