"""A written-off loan, reinstated to take money, then given a payment dated before the write-off
after one dated today: the earlier one pays the oldest instalment, today's is allocated again
after it; what was written off stays as recorded (a written-off loan itself takes no payment)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.payments import find_loan
from app.errors import ValidationError
from app.loans.closure import REINSTATE, WRITE_OFF, decide
from app.loans.service import post_payment
from app.models import AuditEntry, LoanReinstatement
from tests.core import test_agreements
from tests.core.test_agreements import _case, _today, _user

office = test_agreements.office  # three long-overdue loans, L1 to L3, each with its case


def test_a_reinstated_loan_takes_an_earlier_dated_payment_in_date_order(office) -> None:
    today = _today()
    off = today - dt.timedelta(days=10)
    with office.session() as s:
        sup = _user(s, "supervisor")
        decide(s, sup, _case(s, "L2").case_no, WRITE_OFF, "借款人失联", on=off, today=today)
        with pytest.raises(ValidationError):  # written off: no payment, whatever its date
            post_payment(s, sup, find_loan(s, "L2"), 10_000, off - dt.timedelta(days=5))
        decide(s, sup, _case(s, "L2").case_no, REINSTATE, "借款人主动还款", today=today)
        owed = s.scalar(select(LoanReinstatement.owed))
        loan = find_loan(s, "L2")
        oldest = min((i for i in loan.instalments if i.outstanding), key=lambda i: i.due_on)
        post_payment(s, sup, loan, 50_000, today, reference="TODAY")
        post_payment(s, sup, loan, 30_000, off - dt.timedelta(days=5), reference="BEFORE")
        s.flush()
        by_ref = {p.reference: p for p in loan.payments}
        assert [a.instalment_id for a in by_ref["BEFORE"].allocations] == [oldest.id]
        assert by_ref["BEFORE"].allocations[0].paid_on == off - dt.timedelta(days=5)
        assert sum(a.fee + a.interest + a.principal for a in by_ref["TODAY"].allocations) == 50_000
        assert s.scalar(select(LoanReinstatement.owed)) == owed
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "payment.reallocate"))
        assert (entry.entity_id, entry.changes["posted"], entry.changes["payments"]) == (
            "L2",
            ["BEFORE"],
            ["TODAY"],
        )
