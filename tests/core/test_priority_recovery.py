"""The priority's chance of recovery (kept promises, a recent payment, a recent conversation with
the borrower) and its next-action-due factor: scored, explained, and the same whether a case is
rebuilt alone or with the whole office."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app import settings
from app.cases.payments import find_loan, record_payment
from app.cases.priority import FACTOR_NOTES, CaseFacts, recovery_chance, score
from app.cases.rebuild import rebuild_queue
from app.models import Case, CaseStatus
from app.office import office_today
from app.queries.case_page import breakdown_factors
from tests.core.test_contacts import _log, _yesterday
from tests.core.test_contacts import office as contact_office  # noqa: F401 (the fixture)
from tests.core.test_promises import DUE, TODAY, _case, _promise, _user
from tests.core.test_promises import office as promise_office  # noqa: F401 (the fixture)

DAY = dt.date(2026, 6, 1)


def _config() -> dict[str, object]:
    return {k: v for k, v in settings.DEFAULTS.items() if k.startswith("priority.")}


def test_the_chance_is_the_mean_of_kept_share_payment_and_conversation() -> None:
    assert recovery_chance(0, 0, False, False) == 0.5 / 3  # nothing judged: neutral
    assert recovery_chance(0, 2, False, False) == 0.0
    assert recovery_chance(1, 2, True, False) == 0.5
    assert recovery_chance(3, 3, True, True) == 1.0


def test_the_chance_scores_its_weight_and_the_breakdown_still_adds_up() -> None:
    config = _config()
    unknown = CaseFacts(100_000, 40, 0, None, False, False, False)
    hopeful = CaseFacts(
        100_000,
        40,
        0,
        None,
        False,
        False,
        False,
        kept_promises=2,
        judged_promises=2,
        paid_recently=True,
        reached_recently=True,
    )
    low, named_low = score(unknown, DAY, config)
    high, named_high = score(hopeful, DAY, config)
    assert named_low["recovery_chance"] == 2  # a sixth of 10, rounded
    assert named_high["recovery_chance"] == 10
    assert high - low == 8
    assert sum(named_low.values()) == low and sum(named_high.values()) == high
    paused = CaseFacts(100_000, 40, 0, None, False, False, True, paid_recently=True)
    total, named = score(paused, DAY, config)
    assert total == 0 and named["paused"] == -sum(v for k, v in named.items() if k != "paused")


def test_a_case_due_later_never_outranks_the_same_case_due_today() -> None:
    config = _config()
    facts = dict(amount_overdue=100_000, dpd=40, broken_promises=0, last_contact_at=None)
    flags = dict(promise_due=False, visit_eligible=False, paused=False)
    today = CaseFacts(**facts, **flags, next_action_on=DAY)  # type: ignore[arg-type]
    later = CaseFacts(**facts, **flags, next_action_on=DAY + dt.timedelta(days=1))  # type: ignore[arg-type]
    due, named_due = score(today, DAY, config)
    not_yet, named_later = score(later, DAY, config)
    assert named_due["action_due"] == 5 and named_later["action_due"] == 0
    assert due > not_yet


def test_the_case_page_explains_both_factors() -> None:
    factors = {
        f.key: f for f in breakdown_factors({"recovery_chance": 2, "action_due": 5, "dpd": 1})
    }
    assert factors["recovery_chance"].label == "Chance of recovery"
    assert factors["recovery_chance"].note == FACTOR_NOTES["recovery_chance"]
    assert "30 days" in factors["recovery_chance"].note
    assert factors["action_due"].label == "Next action due" and factors["action_due"].note
    assert factors["dpd"].note == ""
    zh = {f.key: f for f in breakdown_factors({"recovery_chance": 2}, "zh_CN")}
    assert zh["recovery_chance"].label == "回收可能性" and "30 天" in zh["recovery_chance"].note


def _breakdowns(s) -> dict[str, dict[str, int]]:
    s.expire_all()
    rows = s.execute(select(Case.loan_id, Case.score_breakdown).where(Case.status != "CLOSED"))
    return dict(rows.all())


def test_kept_promises_and_payments_raise_the_chance_alone_and_in_a_whole_rebuild(
    promise_office,  # noqa: F811
) -> None:
    with promise_office.session() as s:
        _promise(s, "L1", 50_000)
        _promise(s, "L2", 50_000)
        sup = _user(s, "supervisor")
        record_payment(s, sup, "L1", 50_000, TODAY, reference="LATE")  # broken, paid today
        record_payment(s, sup, "L2", 50_000, DUE, reference="ON-TIME")  # kept, 20 days ago
        alone = _breakdowns(s)  # each case rebuilt alone, by its payment
        # Broken, paid: (0 + 1 + 0) / 3; kept, paid: (1 + 1 + 0) / 3; nothing: (0.5 + 0 + 0) / 3.
        assert _case(s, "L1").score_breakdown["recovery_chance"] == 3
        assert _case(s, "L2").score_breakdown["recovery_chance"] == 7
        assert _case(s, "L3").score_breakdown["recovery_chance"] == 2
        rebuild_queue(s, None, TODAY)
        whole = _breakdowns(s)
        l1, l2 = find_loan(s, "L1").id, find_loan(s, "L2").id
        assert whole[l1] == alone[l1] and whole[l2] == alone[l2]
        for case in s.scalars(select(Case)):
            assert case.score == sum(case.score_breakdown.values())


def test_a_conversation_counts_for_thirty_days_and_a_call_puts_the_next_action_later(
    contact_office,  # noqa: F811
) -> None:
    call = _yesterday(10)
    with contact_office.session() as s:
        today = office_today(s)
        rebuild_queue(s, None, today)
        case = s.scalar(select(Case))
        assert case.status is CaseStatus.NEW and case.next_action_on == today
        assert case.score_breakdown["action_due"] == 5
        before = case.score_breakdown["recovery_chance"]
    _verdict, saved = _log(contact_office, at=call, outcome="no_answer")
    assert saved
    with contact_office.session() as s:
        rebuild_queue(s, None, office_today(s))
        assert s.scalar(select(Case)).score_breakdown["recovery_chance"] == before  # not reached
    _verdict, saved = _log(contact_office, at=call + dt.timedelta(hours=1))
    assert saved
    with contact_office.session() as s:
        today = office_today(s)
        rebuild_queue(s, None, today)
        case = s.scalar(select(Case))
        s.refresh(case)
        assert case.status is CaseStatus.CONTACTED and case.next_action_on > today
        assert case.score_breakdown["action_due"] == 0
        reached = case.score_breakdown["recovery_chance"]
        assert reached > before
        # The call's day and the 29 after it count; the 30th day after it no longer does.
        last = call.date() + dt.timedelta(days=29)
        rebuild_queue(s, None, last)
        s.refresh(case)
        assert case.score_breakdown["recovery_chance"] == reached
        rebuild_queue(s, None, last + dt.timedelta(days=1))
        s.refresh(case)
        assert case.score_breakdown["recovery_chance"] == before
        # The case rebuilt alone reads the same window.
        rebuild_queue(s, None, last, loan_ids=[case.loan_id])
        s.refresh(case)
        assert case.score_breakdown["recovery_chance"] == reached
