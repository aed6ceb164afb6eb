"""A reinstated loan's new case (found by QA): it was dated as opened the day the loan first fell
overdue, long before it existed — its page said "Opened 2025-01-19" for a case numbered and
opened after the write-off, and its story began with the old case's payments. It opens on the
day of the reinstatement, and its story starts there."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cases.payments import record_payment
from app.errors import ValidationError
from app.loans.closure import REINSTATE, WRITE_OFF, closure_state, decide
from app.queries.case_page import case_detail
from tests.core import test_agreements
from tests.core.test_agreements import _case, _today, _user

office = test_agreements.office  # three long-overdue loans, L1 to L3, each with its case


def test_the_new_case_opens_on_the_day_of_the_reinstatement(office) -> None:
    paid_on = _today() - dt.timedelta(days=30)
    on = _today() - dt.timedelta(days=20)
    back = _today() - dt.timedelta(days=5)
    with office.session() as s:
        sup = _user(s, "supervisor")
        record_payment(s, sup, "L2", 50_000, paid_on, today=_today())
        old = _case(s, "L2")
        assert old.opened_on < paid_on  # the loan fell overdue long ago
        decide(s, sup, old.case_no, WRITE_OFF, "借款人失联", on=on, today=_today())
        done = decide(s, sup, old.case_no, REINSTATE, "核销有误，恢复催收", today=back)
        new = _case(s, "L2")
        assert new.case_no == done.case_no != old.case_no
        assert new.opened_on == back
        detail = case_detail(s, sup, new.case_no)
        assert detail.opened_on == back
        story = [(i.kind, i.title) for i in detail.timeline]
        assert ("case", "Case opened") in story
        assert not [t for kind, t in story if kind == "payment"]  # the old case's, not this one's


def test_a_write_off_is_not_dated_before_the_loans_reinstatement(office) -> None:
    """Found by QA: written off again with a date in the days it was written off before (say, to
    undo a mistaken reinstatement), a loan 200 days past due was refused as having "nothing
    overdue … a loan being repaid is not written off". The refusal names the reinstatement."""
    on = _today() - dt.timedelta(days=20)
    back = _today() - dt.timedelta(days=5)
    with office.session() as s:
        sup = _user(s, "supervisor")
        decide(s, sup, _case(s, "L2").case_no, WRITE_OFF, "借款人失联", on=on, today=_today())
        decide(s, sup, _case(s, "L2").case_no, REINSTATE, "核销有误，恢复催收", today=back)
        case_no = _case(s, "L2").case_no
        assert closure_state(s, sup, case_no).reinstated_on == back  # the dialog's first day
        with pytest.raises(ValidationError) as refused:
            decide(
                s,
                sup,
                case_no,
                WRITE_OFF,
                "借款人再次失联，再次核销",
                on=back - dt.timedelta(days=1),
            )
        assert refused.value.translated() == (
            f"A write-off cannot be dated before the loan was reinstated ({back})."
        )
        zh = refused.value.translated("zh_CN")
        assert zh == f"核销日期不能早于该贷款恢复催收之日（{back}）。"
        done = decide(
            s, sup, case_no, WRITE_OFF, "借款人再次失联，再次核销", on=back, today=_today()
        )
        assert done.on == back
