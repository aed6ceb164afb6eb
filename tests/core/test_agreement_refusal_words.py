"""QA s44 #3: a second draft on a case with one in progress is refused in words that follow its
status and who asks — a draft: edit it or cancel it; an approved one: record its signing, or
cancel it (whoever may), or ask a supervisor to (an agent, when a supervisor approved it)."""

from __future__ import annotations

import pytest

from app.agreements import approve, draft_settlement
from app.agreements.drafting import case_refusal
from app.errors import ValidationError
from tests.core.test_agreements import DEBT, _case, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def test_the_refusal_follows_the_status_and_who_asks(office) -> None:
    threshold_plus = 200_000  # a waiver above the office's 1,000.00: a supervisor approves it
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        case = _case(s, "L1")
        number = draft_settlement(s, agent, case.case_no, DEBT - threshold_plus).agreement_no
        with pytest.raises(ValidationError) as draft:
            draft_settlement(s, agent, case.case_no, DEBT)
        assert str(draft.value) == (
            f"Case {case.case_no} already has draft agreement {number}; edit it or cancel it first."
        )
        assert draft.value.translated("zh_CN") == (
            f"案件 {case.case_no} 已有协议草稿 {number}；请先修改或取消该草稿。"
        )
        approve(s, sup, number)
        refusal = case_refusal(s, case, agent)
        assert refusal is not None
        assert str(refusal).endswith("record its signing, or ask a supervisor to cancel it.")
        assert "edit" not in str(refusal)
        assert refusal.translated("zh_CN").endswith("请登记签署，或请主管取消该协议。")
        refusal = case_refusal(s, case, sup)
        assert refusal is not None
        assert str(refusal).endswith("record its signing, or cancel it first.")
        with pytest.raises(ValidationError, match="ask a supervisor to cancel it"):
            draft_settlement(s, agent, case.case_no, DEBT)
