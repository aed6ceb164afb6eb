"""The "Agreement completed" audit entry records what went toward the agreement, not the whole
payment (QA s47 #4): a payment beyond a full plan kept as the loan's credit is recorded apart;
a settlement that settles the loan records the waiver actually written off (what the loan still
owed), which `agreement show` and the Agreements page then say beside the waiver planned."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select

from app.agreements import agreement_detail, approve, draft_plan, draft_settlement, sign
from app.agreements.waived import terms_words
from app.audit_words import Reader
from app.cases.payments import find_loan, record_payment
from app.models import AgreementStatus, AuditEntry, LoanStatus
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's


def _completed(s, number: str) -> dict:
    [changes] = s.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.entity_id == number, AuditEntry.action == "agreement.completed"
        )
    ).all()
    return changes


def test_a_payment_beyond_the_plan_is_recorded_as_credit_not_as_paid(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = _today() + dt.timedelta(days=10)
        case_no = _case(s, "L1").case_no
        number = draft_plan(s, agent, case_no, count=2, start=start).agreement_no
        approve(s, sup, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L1", DEBT + 50_000, _today(), today=_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        assert find_loan(s, "L1").status is LoanStatus.PAID
        changes = _completed(s, number)
        assert changes["paid"] == DEBT and changes["credit"] == 50_000
        assert "waived" not in changes  # nothing was waived: the plan was the whole debt
        assert agreement_detail(s, sup, number).waived is None


def test_a_settlement_records_the_waiver_actually_written_off(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = draft_settlement(s, agent, _case(s, "L1").case_no, 100_000).agreement_no
        assert _agreement(s, number).waiver_amount == DEBT - 100_000  # 11,000.00 planned
        approve(s, sup, number)
        sign(s, agent, number, _today())
        record_payment(s, agent, "L1", 300_000, _today(), today=_today())
        assert find_loan(s, "L1").status is LoanStatus.SETTLED
        changes = _completed(s, number)
        assert changes["paid"] == 100_000 and "credit" not in changes
        assert changes["waived"] == DEBT - 300_000  # 9,000.00: the rest of the debt
        detail = agreement_detail(s, sup, number)
        assert detail.waived == DEBT - 300_000 and detail.as_json()["waived"] == DEBT - 300_000
        r = detail.row
        assert terms_words(r.debt, r.settled, r.waiver, detail.waived, "en") == (
            "Debt 12,000.00, agreed 1,000.00, waived 9,000.00 at settlement (11,000.00 planned)."
        )
        assert terms_words(r.debt, r.settled, r.waiver, detail.waived, "zh_CN") == (
            "欠款 12,000.00，约定还款 1,000.00，结清时减免 9,000.00（原定减免 11,000.00）。"
        )


def test_the_waiver_planned_is_said_when_it_is_the_one_written_off() -> None:
    assert terms_words(DEBT, 100_000, DEBT - 100_000, DEBT - 100_000, "en") == (
        "Debt 12,000.00, agreed 1,000.00, waiver 11,000.00."
    )
    assert (
        terms_words(DEBT, DEBT, 0, None, "en") == "Debt 12,000.00, agreed 12,000.00, waiver 0.00."
    )


def test_the_completion_reads_in_words() -> None:
    changes = {"case": "C1", "paid": 100_001, "on": "2026-12-08", "credit": 5, "waived": 1_452_000}
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    assert Reader("en", zone, {}).describe("agreement.completed", changes) == (
        "Case: C1; Paid toward the agreement: 1,000.01; Completed on: 2026-12-08; "
        "Kept as the loan's credit: 0.05; Waived at settlement: 14,520.00"
    )
    assert Reader("zh_CN", zone, {}).describe("agreement.completed", changes) == (
        "案件：C1；计入协议的还款：1,000.01；履行完毕日期：2026-12-08；"
        "转为贷款溢缴款：0.05；结清时减免：14,520.00"
    )
