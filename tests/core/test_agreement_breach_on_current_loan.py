"""A breach on a loan the agreement had brought up to date (QA s45 qaB, findings 1 and 2): the
rebuild keeps the case open as "Agreement breached" while the breach stands, on the dashboard's
tile and in the queue filtered by it, instead of closing it as cured; once the agent has acted the
loan, still current, cures it. A payment posted later but dated on the missed instalment's due day
completes the agreement, judged again whether the case is still open or the rebuild has closed it
since the breach (cured or paid off) — only to completion there, and not on a case closed before
the breach."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.models import AgreementStatus, AuditEntry, Case, CaseStatus, CloseReason, LoanStatus
from app.queries.case_story import timeline
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from app.queries.loans import loan_detail
from app.reporting.period import Period
from app.reporting.portfolio_agreements import agreement_figures
from tests.core.test_agreements import _agreement, _case, _user, build_office
from tests.office_day import office_today
from tests.plan_brought_current import SECOND, contact_on, plan_brought_current


@pytest.fixture
def office(db):
    return build_office(db)


def _actions(s, number: str) -> list[str]:
    return list(
        s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id == number).order_by(AuditEntry.id)
        )
    )


def _breached_today(s) -> tuple[str, dt.date]:
    number, missed = plan_brought_current(s)
    rebuild_queue(s, None, office_today())
    assert _agreement(s, number).status is AgreementStatus.BREACHED
    return number, missed


def test_the_breach_keeps_the_case_open_as_agreement_breached(office) -> None:
    with office.session() as s:
        number, _ = plan_brought_current(s)
        assert _case(s, "L2").status is CaseStatus.AGREEMENT  # the plan in force, the loan current
        rebuild_queue(s, None, office_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.AGREEMENT_BREACHED, None)
        assert case.dpd == 0 and case.amount_overdue == 0  # nothing overdue on the schedule
        assert case.next_action_on == office_today()
        sup = _user(s, "supervisor")
        assert dashboard(s, sup).agreements_breached == 1
        assert queue_ids(s, sup, QueueFilter(status="agreement_breached")) == [case.id]
        rebuild_queue(s, None, office_today())  # the next rebuild: still standing
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED


def test_once_the_agent_acted_the_current_loan_is_cured(office) -> None:
    with office.session() as s:
        _, missed = _breached_today(s)
        contact_on(s, missed)  # the instalment's day: before the breach, it does not count
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
        contact_on(s, missed + dt.timedelta(days=1))  # on the breach's day
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.CURED)
        assert case.closed_on == office_today()
        assert dashboard(s, _user(s, "supervisor")).agreements_breached == 0


def test_the_late_payment_dated_on_the_due_day_completes_it(office) -> None:
    with office.session() as s:
        number, missed = _breached_today(s)
        record_payment(s, _user(s, "agent01"), "L2", SECOND, missed, today=office_today())
        assert _agreement(s, number).status is AgreementStatus.COMPLETED
        assert _actions(s, number)[-2:] == ["agreement.rejudged", "agreement.completed"]
        case = _case(s, "L2")
        assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.PAID)


def test_judged_again_on_the_case_the_cure_closed_after_the_breach(office) -> None:
    with office.session() as s:
        number, missed = _breached_today(s)
        contact_on(s, missed + dt.timedelta(days=1))
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").close_reason is CloseReason.CURED
        signed = _agreement(s, number).signed_on
        period = Period(signed, office_today(), "Asia/Shanghai")
        assert (agreement_figures(s, period).breached, agreement_figures(s, period).completed) == (
            1,
            0,
        )
        # The late bank statement: paid on the due day, posted today. It pays the loan off.
        record_payment(s, _user(s, "agent01"), "L2", SECOND, missed, today=office_today())
        agreement = _agreement(s, number)
        assert agreement.status is AgreementStatus.COMPLETED
        assert [i.status for i in agreement.instalments] == ["kept", "kept"]
        assert _actions(s, number)[-2:] == ["agreement.rejudged", "agreement.completed"]
        entry = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_id == number, AuditEntry.action == "agreement.rejudged"
            )
        ).one()
        assert (entry.changes["was"], entry.changes["status"]) == ("breached", "completed")
        case = _case(s, "L2")
        assert case.loan.status is LoanStatus.PAID
        assert case.close_reason is CloseReason.CURED  # closed it stays, as it was
        story = [i.title for i in timeline(s, case, loan_detail(s, case.loan_id), "en")]
        assert any(number in title and "judged again" in title for title in story), story
        figures = agreement_figures(s, period)
        assert (figures.breached, figures.completed, figures.kept_rate) == (0, 1, 1.0)


def test_not_judged_again_on_a_case_closed_before_the_breach(office) -> None:
    with office.session() as s:
        number, missed = _breached_today(s)
        contact_on(s, missed + dt.timedelta(days=1))
        rebuild_queue(s, None, office_today())
        s.execute(  # as if the case had closed on the missed instalment's day, before the breach
            update(Case).where(Case.id == _case(s, "L2").id).values(closed_on=missed)
        )
        record_payment(s, _user(s, "agent01"), "L2", SECOND, missed, today=office_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        assert "agreement.rejudged" not in _actions(s, number)


def test_on_a_closed_case_judged_again_only_to_completion(office) -> None:
    """The missed instalment paid on its day would make the plan active again, its last
    instalment still to come: not on a closed case, which no queue watches."""
    with office.session() as s:
        number, missed = plan_brought_current(s, rest_later=True)
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
        contact_on(s, missed + dt.timedelta(days=1))
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").close_reason is CloseReason.CURED
        record_payment(s, _user(s, "agent01"), "L2", SECOND // 2, missed, today=office_today())
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        assert "agreement.rejudged" not in _actions(s, number)
