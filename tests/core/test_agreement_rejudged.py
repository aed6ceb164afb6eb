"""A breached agreement judged again, as a promise is: a payment posted after the breach but dated
on or before the short instalment's due day (a late bank statement) shows it was kept, and the
agreement is active again (completed when the agreed amount is paid), audited, told in the case's
story, the case's status and queue place rebuilt and the portfolio report's figures with it.
Not when another agreement was drafted on the case since the breach."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app import settings
from app.agreements import draft_plan
from app.audit_labels import AUDIT_ACTION
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.labels import AGREEMENT_STATUS, label
from app.models import AgreementStatus, AuditEntry, CaseStatus, LoanStatus
from app.queries.case_story import timeline
from app.queries.loans import loan_detail
from app.reporting.period import Period
from app.reporting.portfolio_agreements import agreement_figures
from tests.core.test_agreement_breached_case import _breach
from tests.core.test_agreements import _agreement, _case, _user, build_office
from tests.office_day import office_today


@pytest.fixture
def office(db):
    return build_office(db)


def _breached(s) -> tuple[str, dt.date]:
    """L2's plan breached as of the day after its second instalment (400,000) fell due unpaid;
    the queue date held there so that no later instalment falls due meanwhile."""
    number, missed = _breach(s)
    day = missed + dt.timedelta(days=1)
    settings.put(s, _user(s, "supervisor"), "queue.as_of", day.isoformat())
    rebuild_queue(s, None, day)
    assert _agreement(s, number).status is AgreementStatus.BREACHED
    assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
    return number, missed


def _entries(s, number: str) -> list[AuditEntry]:
    return list(
        s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == number, AuditEntry.action == "agreement.rejudged")
            .order_by(AuditEntry.id)
        )
    )


def test_a_late_posted_payment_dated_on_the_due_day_makes_the_breach_active_again(
    office,
) -> None:
    with office.session() as s:
        number, missed = _breached(s)
        signed = _agreement(s, number).signed_on
        period = Period(signed, signed, "Asia/Shanghai")
        assert agreement_figures(s, period).breached_since == 1
        # Posted today, dated on the instalment's due day: it was paid on time after all.
        record_payment(s, _user(s, "agent01"), "L2", 400_000, missed, today=office_today())
        agreement = _agreement(s, number)
        assert agreement.status is AgreementStatus.ACTIVE
        assert [i.status for i in agreement.instalments][:2] == ["kept", "kept"]
        case = _case(s, "L2")
        assert case.status is CaseStatus.AGREEMENT  # its next instalment is what to watch for
        assert "agreement_breached" not in case.score_breakdown
        figures = agreement_figures(s, period)
        assert (figures.breached_since, figures.running) == (0, 1)
        (entry,) = _entries(s, number)
        assert entry.changes["was"] == "breached"
        assert entry.changes["status"] == "active"
        assert entry.changes["paid"] == 800_000
        assert label(AUDIT_ACTION, entry.action, "zh_CN") == "协议重新判定"
        assert label(AUDIT_ACTION, entry.action, "en") == "Agreement judged again"
        # The case's story says it, in both languages.
        detail = loan_detail(s, case.loan_id)
        zh = [i.title for i in timeline(s, case, detail, "zh_CN")]
        status_zh = label(AGREEMENT_STATUS, "active", "zh_CN")
        assert f"协议 {number} 重新判定：{status_zh}" in zh
        en = [i for i in timeline(s, case, detail, "en") if "judged again" in i.title]
        assert en and "paid on time" in en[0].detail
        # A second posting changes nothing more: no second entry.
        record_payment(s, _user(s, "agent01"), "L2", 1_000, missed, today=office_today())
        assert len(_entries(s, number)) == 1


def test_paid_in_full_on_time_it_is_completed(office) -> None:
    with office.session() as s:
        number, missed = _breached(s)
        record_payment(s, _user(s, "agent01"), "L2", 800_000, missed, today=office_today())
        agreement = _agreement(s, number)
        assert agreement.status is AgreementStatus.COMPLETED
        assert _case(s, "L2").loan.status is LoanStatus.PAID  # paid in full: nothing waived
        actions = [
            e.action
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.entity_id == number).order_by(AuditEntry.id)
            )
        ]
        assert actions[-2:] == ["agreement.rejudged", "agreement.completed"]


def test_a_payment_dated_after_the_due_day_leaves_the_breach(office) -> None:
    with office.session() as s:
        number, missed = _breached(s)
        day = missed + dt.timedelta(days=1)
        record_payment(s, _user(s, "agent01"), "L2", 400_000, day, today=office_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        assert _entries(s, number) == []


def test_not_revived_once_another_agreement_was_drafted_on_the_case(office) -> None:
    with office.session() as s:
        number, missed = _breached(s)
        start = office_today() + dt.timedelta(days=20)
        draft_plan(s, _user(s, "agent01"), _case(s, "L2").case_no, count=2, start=start)
        record_payment(s, _user(s, "agent01"), "L2", 400_000, missed, today=office_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        assert _entries(s, number) == []
