"""A write-off is for loans long past due: one with nothing overdue on the write-off date is
refused, one overdue fewer than 181 days (the last bucket) only with an early write-off confirmed
— a wrong case number typed at month end no longer writes off an M1 loan without a word."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cases.payments import find_loan
from app.errors import ValidationError
from app.loans.closure import CANDIDATE_DPD, WRITE_OFF, closure_state, decide
from app.models import LoanStatus
from tests.core import test_agreements
from tests.core.test_agreements import DISBURSED, _case, _today, _user

office = test_agreements.office  # three loans, L1 to L3, first due a month after DISBURSED

FIRST_DUE = DISBURSED.replace(month=DISBURSED.month + 1)


def test_nothing_overdue_is_refused_and_early_needs_confirming(office) -> None:
    assert CANDIDATE_DPD == 181
    with office.session() as s:
        sup = _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        state = closure_state(s, sup, case_no)
        assert state.dpd == (_today() - FIRST_DUE).days and not state.early
        before_due = FIRST_DUE - dt.timedelta(days=1)
        with pytest.raises(ValidationError, match="has nothing overdue on"):
            decide(
                s,
                sup,
                case_no,
                WRITE_OFF,
                "借款人失联，无可执行财产",
                on=before_due,
                today=_today(),
                early=True,
            )
        early = FIRST_DUE + dt.timedelta(days=19)
        with pytest.raises(ValidationError, match="is 19 days past due on .*confirm an early"):
            decide(s, sup, case_no, WRITE_OFF, "借款人死亡", on=early, today=_today())
        assert find_loan(s, "L1").status is LoanStatus.ACTIVE  # refused: nothing written
        done = decide(s, sup, case_no, WRITE_OFF, "借款人死亡", on=early, early=True)
        assert done.on == early and find_loan(s, "L1").status is LoanStatus.WRITTEN_OFF
        # A candidate (181 days and more) needs no confirming.
        decide(s, sup, _case(s, "L2").case_no, WRITE_OFF, "借款人失联", today=_today())
        assert find_loan(s, "L2").status is LoanStatus.WRITTEN_OFF
