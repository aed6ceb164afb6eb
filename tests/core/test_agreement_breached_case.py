"""A breached repayment agreement says so in the queue: the case turns "Agreement breached", to
be worked today, and the breach weighs in its priority, until the agent does something about it
(a contact logged or a promise made from the breach's day on, or a visit booked) — unless an
agreement is in force again, or the loan is with legal."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import update

from app import settings
from app.agreements import approve, draft_plan, sign
from app.cases.facts import open_cases
from app.cases.payments import find_loan, record_payment
from app.cases.priority import CaseFacts, score
from app.cases.rebuild import breach_stands, rebuild_queue
from app.contacts import log_contact
from app.labels import CASE_STATUS, label
from app.loans.closure import decide
from app.models import Agreement, AgreementStatus, CaseStatus
from app.promises import create_promise
from app.queries.case_page import breakdown_factors
from tests.core.test_agreements import DEBT, _agreement, _case, _first_due, _user, build_office
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BROKEN_WEIGHT = 15  # priority.weight.broken_promises, the office default


@pytest.fixture
def office(db):
    return build_office(db)


def _breach(s) -> tuple[str, dt.date]:
    """L2's plan signed 70 days ago, its first instalment paid, its second missed: returns the
    agreement's number and the missed instalment's due date. Nothing judged yet."""
    t0 = office_today() - dt.timedelta(days=70)
    agent, sup = _user(s, "agent01"), _user(s, "supervisor")
    settings.put(s, sup, "queue.as_of", (t0 + dt.timedelta(days=1)).isoformat())
    number = draft_plan(
        s,
        agent,
        _case(s, "L2").case_no,
        count=3,
        start=t0 + dt.timedelta(days=10),
        amount=DEBT,
        today=t0,
    ).agreement_no
    s.execute(
        update(Agreement)
        .where(Agreement.agreement_no == number)
        .values(created_at=dt.datetime.combine(t0, dt.time(9), dt.UTC))
    )
    approve(s, agent, number, today=t0)
    sign(s, agent, number, t0 + dt.timedelta(days=1), today=t0 + dt.timedelta(days=1))
    record_payment(s, agent, "L2", 400_000, t0 + dt.timedelta(days=5), today=office_today())
    settings.put(s, sup, "queue.as_of", None)
    return number, _agreement(s, number).instalments[1].due_on


def _contact(s, day: dt.date) -> None:
    """A letter to the borrower at 10:00 office time on `day`."""
    agent = _user(s, "agent01")
    train(s, _user(s, "admin"), agent)
    result = log_contact(
        s,
        agent,
        _case(s, "L2").case_no,
        channel="letter",
        party="borrower",
        outcome="delivered",
        at=dt.datetime.combine(day, dt.time(10), SHANGHAI),
    )
    assert result.attempt is not None


def test_a_breach_turns_the_case_to_agreement_breached_today_and_raises_its_score(office) -> None:
    with office.session() as s:
        number, missed = _breach(s)
        rebuild_queue(s, None, missed)  # the instalment's day: not yet short
        before = _case(s, "L2")
        assert before.status is CaseStatus.AGREEMENT
        score_before = before.score
        assert "agreement_breached" not in before.score_breakdown

        rebuild_queue(s, None, missed + dt.timedelta(days=1))  # the breach's day (a look-back)
        assert _agreement(s, number).status is AgreementStatus.BREACHED
        after = _case(s, "L2")
        assert after.status is CaseStatus.AGREEMENT_BREACHED
        assert after.next_action_on == missed + dt.timedelta(days=1)
        assert after.score_breakdown["agreement_breached"] == BROKEN_WEIGHT
        assert after.score == sum(after.score_breakdown.values())
        # A day later nothing else can lower the score: the breach adds its full weight.
        assert after.score >= score_before + BROKEN_WEIGHT

        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.AGREEMENT_BREACHED
        assert case.next_action_on == office_today()  # back in the queue, to be worked today
        # The case page's "why this priority" names it, in both languages.
        words = {f.key: f.label for f in breakdown_factors(case.score_breakdown, "zh_CN")}
        assert words["agreement_breached"] == "还款协议违约"
        english = {f.key: f.label for f in breakdown_factors(case.score_breakdown, "en")}
        assert english["agreement_breached"] == "Repayment agreement breached"
        assert label(CASE_STATUS, case.status, "zh_CN") == "协议已违约"
        # The other cases are untouched: no breach, no breach factor in their breakdown.
        assert "agreement_breached" not in _case(s, "L1").score_breakdown
        # The few-cases query (a payment's loan) reads the same facts as the whole-office one.
        lid = find_loan(s, "L2").id
        assert open_cases(s, [lid])[lid] == open_cases(s, None)[lid]
        record_payment(s, _user(s, "agent01"), "L2", 10_000, office_today(), today=office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED  # a breach is final


def test_a_contact_on_the_instalment_day_does_not_supersede_the_breach(office) -> None:
    """Before the breach: the reminder on the day the instalment fell due does not count."""
    with office.session() as s:
        _, missed = _breach(s)
        _contact(s, missed)
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED


def test_a_contact_after_the_breach_gives_the_usual_status(office) -> None:
    with office.session() as s:
        _, missed = _breach(s)
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
        _contact(s, missed + dt.timedelta(days=1))  # on the breach's day
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.CONTACTED
        assert case.score_breakdown["agreement_breached"] == BROKEN_WEIGHT  # still weighs


def test_a_promise_after_the_breach_gives_the_usual_status(office) -> None:
    with office.session() as s:
        _, missed = _breach(s)
        rebuild_queue(s, None, office_today())
        due = office_today() + dt.timedelta(days=3)
        create_promise(s, _user(s, "agent01"), _case(s, "L2"), 100_000, due)
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.PROMISE
        assert case.next_action_on == due  # the day it falls due


def test_a_visit_booked_gives_visit_booked(office) -> None:
    """A visit is booked with the borrower (an appointment agreed): the case waits for it, and
    the breach is taken up there."""
    from app.models import Visit, VisitAgent, VisitStatus

    with office.session() as s:
        _breach(s)
        rebuild_queue(s, None, office_today())
        assert _case(s, "L2").status is CaseStatus.AGREEMENT_BREACHED
        day = office_today() + dt.timedelta(days=2)
        start = dt.datetime.combine(day, dt.time(10), SHANGHAI)
        visit = Visit(
            visit_no="VT-BREACH",
            case_id=_case(s, "L2").id,
            status=VisitStatus.BOOKED,
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(hours=1),
        )
        visit.agents.append(VisitAgent(agent_id=_user(s, "agent01").id, lead=True))
        s.add(visit)
        s.flush()
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.VISIT_BOOKED
        assert case.next_action_on == day
        assert case.score_breakdown["agreement_breached"] == BROKEN_WEIGHT  # still weighs


def test_an_agreement_in_force_wins_over_a_breached_one(office) -> None:
    with office.session() as s:
        _breach(s)
        rebuild_queue(s, None, office_today())
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        start = office_today() + dt.timedelta(days=20)
        number = draft_plan(s, agent, _case(s, "L2").case_no, count=2, start=start).agreement_no
        approve(s, sup, number)
        sign(s, sup, number, office_today())
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert case.status is CaseStatus.AGREEMENT
        # Its first instalment, as drafted (start + 20 days fell on the Spring Festival when run
        # on 2027-01-21).
        assert case.next_action_on == _first_due(s, number, start)


def test_a_loan_with_legal_stays_legal(office) -> None:
    with office.session() as s:
        _breach(s)
        rebuild_queue(s, None, office_today())
        case_no = _case(s, "L2").case_no
        decide(s, _user(s, "supervisor"), case_no, "legal", "Breached the plan")
        rebuild_queue(s, None, office_today())
        case = _case(s, "L2")
        assert find_loan(s, "L2").status.value == "legal"
        assert case.status is CaseStatus.LEGAL
        assert case.score == 0  # with the lawyers, the breach does not lift it


def test_the_breach_counts_at_least_as_a_broken_promise() -> None:
    config = {
        "priority.weight.amount_overdue": 30,
        "priority.weight.dpd": 25,
        "priority.weight.broken_promises": 15,
        "priority.weight.days_since_contact": 10,
        "priority.weight.promise_due": 10,
        "priority.weight.visit_eligible": 10,
        "priority.weight.recovery_chance": 10,
        "priority.weight.action_due": 5,
        "priority.full.amount_overdue": 1_000_000,
        "priority.full.dpd": 180,
        "priority.full.broken_promises": 3,
        "priority.full.days_since_contact": 30,
    }
    day = dt.date(2026, 6, 1)
    plain = CaseFacts(100_000, 40, 0, None, False, False, False)
    one_broken = CaseFacts(100_000, 40, 1, None, False, False, False)
    breached = CaseFacts(100_000, 40, 0, None, False, False, False, agreement_breached=True)
    base, named = score(plain, day, config)
    assert "agreement_breached" not in named
    with_breach, named = score(breached, day, config)
    assert named["agreement_breached"] == 15 and with_breach == base + 15
    assert with_breach >= score(one_broken, day, config)[0]


def test_the_breach_stands_until_something_is_done_after_its_day() -> None:
    short = dt.date(2026, 5, 10)  # the instalment left short; breached on the 11th
    today = dt.date(2026, 5, 20)
    assert breach_stands(short, today, None, None)
    assert breach_stands(short, today, short, short)  # that day's reminder: before the breach
    assert not breach_stands(short, today, short + dt.timedelta(days=1), None)
    assert not breach_stands(short, today, None, short + dt.timedelta(days=1))
    assert not breach_stands(None, today, None, None)
    assert not breach_stands(short, short, None, None)  # a look-back to the instalment's day
