"""A supervisor's decisions on a case's loan (step 8 of the lifecycle): send to legal and recall,
write off (dated) and reinstate — the loan, the case, the audit trail and the case's story, and
the refusals that leave everything as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.agreements import draft_settlement
from app.audit_seal import open_changes
from app.cases.payments import find_loan, record_payment
from app.errors import NotFound, PermissionDenied, ValidationError
from app.loans.closure import (
    LEGAL,
    RECALL,
    REINSTATE,
    WRITE_OFF,
    closure_state,
    decide,
)
from app.models import AuditEntry, CaseStatus, CloseReason, LoanStatus
from app.queries.case_page import case_detail
from app.reporting import portfolio_report
from tests.core import test_agreements
from tests.core.test_agreements import DEBT, _case, _today, _user

office = test_agreements.office  # three long-overdue loans, L1 to L3, each with its case


def _loan_status(s, loan_no: str) -> LoanStatus:
    loan = find_loan(s, loan_no)
    s.refresh(loan)
    return loan.status


def _entries(s) -> int:
    return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_legal_keeps_the_case_open_takes_payments_and_recall_brings_it_back(office) -> None:
    with office.session() as s:
        sup = _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        state = closure_state(s, sup, case_no)
        assert state.decisions == (LEGAL, WRITE_OFF) and state.open_work == ()
        assert state.outstanding == DEBT and state.loan_status == "active"
        done = decide(s, sup, case_no, LEGAL, "委托律师事务所起诉")
        assert (done.case_no, done.outstanding) == (case_no, DEBT)
        assert done.message() == (
            f"Loan L1 sent to legal (12,000.00 still owed); case {case_no} stays open as legal."
        )
        assert _loan_status(s, "L1") is LoanStatus.LEGAL
        case = _case(s, "L1")
        assert case.status is CaseStatus.LEGAL and case.next_action_on is None
        # With the lawyers, not the agents: a "legal" factor cancels every point, as a pause.
        assert case.score == 0 and case.score_breakdown["legal"] < 0
        assert sum(case.score_breakdown.values()) == 0
        factors = {f.label: f.points for f in case_detail(s, sup, case_no).breakdown}
        assert factors["Sent to legal"] == case.score_breakdown["legal"]
        assert closure_state(s, sup, case_no).decisions == (RECALL, WRITE_OFF)
        # A loan in legal is still owed, and still paid (a court order, a settlement).
        record_payment(s, sup, "L1", 100_000, _today(), today=_today())
        assert closure_state(s, sup, case_no).outstanding == DEBT - 100_000
        done = decide(s, sup, case_no, RECALL, "借款人主动联系，撤诉协商")
        assert done.message(lang="zh_CN") == (f"贷款 L1 已撤回法务；案件 {case_no} 恢复催收。")
        case = _case(s, "L1")
        assert _loan_status(s, "L1") is LoanStatus.ACTIVE
        assert case.status not in (CaseStatus.LEGAL, CaseStatus.CLOSED)
        assert case.next_action_on is not None  # worked again
        assert case.score > 0 and "legal" not in case.score_breakdown
        entries = s.execute(
            select(AuditEntry.action, AuditEntry.changes)
            .where(AuditEntry.entity == "loan", AuditEntry.entity_id == "L1")
            .order_by(AuditEntry.id)
        ).all()
        decisions = [
            (a, open_changes(s, c)["reason"], c["was"])
            for a, c in entries
            if a in ("loan.legal", "loan.recall")
        ]
        assert decisions == [
            ("loan.legal", "委托律师事务所起诉", "active"),
            ("loan.recall", "借款人主动联系，撤诉协商", "legal"),
        ]
        story = case_detail(s, sup, case_no).timeline
        told = [(i.title, i.detail) for i in story if i.title.startswith("Loan")]
        assert told == [
            ("Loan recalled from legal", "by supervisor · 借款人主动联系，撤诉协商"),
            ("Loan sent to legal", "by supervisor · 委托律师事务所起诉"),
        ]
        zh = case_detail(s, sup, case_no, lang="zh_CN").timeline
        assert "贷款转法务" in [i.title for i in zh]


def test_a_dated_write_off_closes_the_case_and_a_reinstatement_opens_a_new_one(office) -> None:
    paid_on = _today() - dt.timedelta(days=20)
    with office.session() as s:
        sup = _user(s, "supervisor")
        record_payment(s, sup, "L2", 50_000, paid_on, today=_today())
        case_no = _case(s, "L2").case_no
        owed = DEBT - 50_000
        with pytest.raises(ValidationError, match="before the loan's last payment"):
            decide(
                s,
                sup,
                case_no,
                WRITE_OFF,
                "借款人失联，无可执行财产",
                on=paid_on - dt.timedelta(days=1),
            )
        with pytest.raises(ValidationError, match="in the future"):
            decide(
                s,
                sup,
                case_no,
                WRITE_OFF,
                "借款人失联，无可执行财产",
                on=_today() + dt.timedelta(days=1),
            )
        on = paid_on + dt.timedelta(days=5)
        done = decide(s, sup, case_no, WRITE_OFF, "借款人失联，无可执行财产", on=on, today=_today())
        assert (done.on, done.outstanding) == (on, owed)
        loan = find_loan(s, "L2")
        s.refresh(loan)
        assert loan.status is LoanStatus.WRITTEN_OFF and loan.closed_on == on
        case = _case(s, "L2")
        assert case.case_no == case_no
        assert case.status is CaseStatus.CLOSED and case.close_reason is CloseReason.WRITTEN_OFF
        with pytest.raises(ValidationError) as refused:
            record_payment(s, sup, "L2", 100, _today(), today=_today())
        # Money that comes in after a write-off: the refusal says how it can be posted, and where.
        assert refused.value.translated() == (
            "Loan L2 is written off; it takes no more payments. To post money paid after the "
            f"write-off, a supervisor first reinstates the loan from its case {case_no}."
        )
        zh = refused.value.translated("zh_CN")
        assert zh.endswith(f"请主管先在其案件 {case_no} 中恢复该贷款的催收。")
        # The portfolio report counts it on its date, with what it still owed.
        figures = portfolio_report(s, sup, _today(), on, _today()).write_offs
        assert (figures.loans, figures.owed) == (1, owed)
        day_before = on - dt.timedelta(days=1)
        before = portfolio_report(s, sup, day_before, paid_on, day_before).write_offs
        assert (before.loans, before.owed) == (0, 0)
        assert closure_state(s, sup, case_no).decisions == (REINSTATE,)
        story = case_detail(s, sup, case_no).timeline
        (item,) = [i for i in story if i.title == "Loan written off"]
        assert item.detail == (
            f"{owed // 100:,}.00 still owed · on {on} · by supervisor · 借款人失联，无可执行财产"
        )

        done = decide(s, sup, case_no, REINSTATE, "核销有误，恢复催收")
        loan = find_loan(s, "L2")
        s.refresh(loan)
        assert loan.status is LoanStatus.ACTIVE and loan.closed_on is None
        new = _case(s, "L2")
        assert new.case_no == done.case_no != case_no and new.status is not CaseStatus.CLOSED
        # agent01 had the case but has no training in this office: the new case waits.
        assert new.assigned_agent_id is None and done.agent is None
        assert done.message().endswith(f"case {new.case_no} (Unassigned).")
        # The old case no longer speaks for the loan: decisions go through the new one.
        with pytest.raises(ValidationError, match=f"decide on its current case, {new.case_no}"):
            decide(s, sup, case_no, WRITE_OFF, "借款人失联，无可执行财产")
        # Both cases tell the reinstatement.
        for number in (case_no, new.case_no):
            titles = [i.title for i in case_detail(s, sup, number).timeline]
            assert "Written-off loan reinstated" in titles


def test_refusals_name_the_reason_and_change_nothing(office) -> None:
    with office.session() as s:
        sup, agent = _user(s, "supervisor"), _user(s, "agent01")
        case_no = _case(s, "L3").case_no
        before = _entries(s)
        with pytest.raises(PermissionDenied, match="may not send loans to legal"):
            decide(s, agent, case_no, WRITE_OFF, "agents may not")
        with pytest.raises(PermissionDenied):
            closure_state(s, agent, case_no)
        with pytest.raises(ValidationError, match="written reason"):
            decide(s, sup, case_no, LEGAL, "   ")
        with pytest.raises(ValidationError, match="too long"):
            decide(s, sup, case_no, LEGAL, "理" * 2001)
        with pytest.raises(ValidationError, match="Unknown decision"):
            decide(s, sup, case_no, "forgive", "借款人失联，无可执行财产")
        with pytest.raises(ValidationError, match='"Recall from legal" is not open'):
            decide(s, sup, case_no, RECALL, "not in legal")
        with pytest.raises(ValidationError, match="Only a write-off can be dated"):
            decide(
                s,
                sup,
                case_no,
                LEGAL,
                "借款人失联，无可执行财产",
                on=_today() - dt.timedelta(days=3),
            )
        with pytest.raises(NotFound, match="Unknown case"):
            decide(s, sup, "C1999-000001", LEGAL, "借款人失联，无可执行财产")
        # An agreement drafted on the case stands in the way of legal, by number (a write-off
        # cancels it: tests/core/test_agreement_loan_closed.py).
        number = draft_settlement(s, agent, case_no, DEBT // 2).agreement_no
        assert closure_state(s, sup, case_no).open_work == (number,)
        with pytest.raises(ValidationError, match=f"{number} on loan L3 must be cancelled"):
            decide(s, sup, case_no, LEGAL, "借款人失联，无可执行财产")
        assert _loan_status(s, "L3") is LoanStatus.ACTIVE
        assert _case(s, "L3").status is not CaseStatus.LEGAL
        assert _entries(s) == before + 1  # the draft's entry alone


@pytest.mark.parametrize("reason", ["x", "失联", "  lost  ", "借款人再"])
def test_a_short_reason_decides_nothing(office, reason: str) -> None:
    """A write-off, like a compliance override, says why in at least 10 characters (a Chinese
    character counts as two): the same refusal, and nothing written."""
    with office.session() as s:
        sup, case_no = _user(s, "supervisor"), _case(s, "L1").case_no
        before = _entries(s)
        for decision in (LEGAL, WRITE_OFF):
            with pytest.raises(ValidationError) as refused:
                decide(s, sup, case_no, decision, reason, early=True)
            assert refused.value.translated("en") == (
                "Write a reason of at least 10 characters (a Chinese character counts as two)."
            )
        assert _loan_status(s, "L1") is LoanStatus.ACTIVE and _entries(s) == before
        done = decide(s, sup, case_no, WRITE_OFF, "借款人失联", early=True)  # 5 × 2
        assert done is not None and _loan_status(s, "L1") is LoanStatus.WRITTEN_OFF
