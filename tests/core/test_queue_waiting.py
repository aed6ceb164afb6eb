"""The work queue lists the cases due now before the waiting ones (Case.waiting): a case whose
next action is for a later day, or held by a complaint's pause, comes after every case due on
the queue date, whatever its score; assignment by rule hands the due ones out first.

Three loans of the same age (ten or eleven instalments overdue whatever the day): L1 owes ten
times what L2 and L3 owe, so it scores highest. A call logged yesterday makes its next action
the day after tomorrow (three days after the call): it waits until then."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app import settings
from app.auth import add_user
from app.cases.assignment import assign_by_rule
from app.cases.rebuild import rebuild_queue
from app.complaints import record_complaint
from app.contacts import log_contact
from app.loans.service import book_loan
from app.models import Borrower, Case, CaseStatus, Loan, LoanProduct, Phone, Segment, User
from app.office import create_office
from app.privacy import hash_key, id_hash
from app.queries.case_page import case_detail
from app.queries.cases import queue_ids, queue_rows
from tests.office_day import months_ago, office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
IDS = ("11010519491231002X", "440524188001010014", "110101199003071934")
PRINCIPAL = {"L1": 12_000_000, "L2": 1_200_000, "L3": 1_200_000}


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        train(s, admin, agent)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        for n, (loan_no, principal) in enumerate(PRINCIPAL.items(), start=1):
            b = Borrower(
                borrower_no=f"B{n}",
                name=f"借款人{n}",
                national_id=IDS[n - 1],
                national_id_hash=id_hash(hash_key(s), IDS[n - 1]),
                segment=Segment.YOUNG,
                phones=[Phone(number=f"+861381234567{n}", is_primary=True)],
            )
            s.add(b)
            book_loan(
                s,
                admin,
                loan_no=loan_no,
                borrower=b,
                product=product,
                principal=principal,
                term_months=12,
                disbursed_on=months_ago(11, 10),
                annual_rate_bp=0,
                home_visit_consent=False,
            )
        rebuild_queue(s, None, office_today())
    return db


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def _case(s, loan_no: str) -> Case:  # type: ignore[no-untyped-def]
    return s.scalar(select(Case).join(Loan).where(Loan.loan_no == loan_no))


def _order(s) -> list[str]:  # type: ignore[no-untyped-def]
    """The supervisor's queue, as loan numbers, top first."""
    ids = queue_ids(s, _user(s, "supervisor"))
    rows = queue_rows(s, ids)
    return [rows[i].loan_no for i in ids]


def _call_yesterday(db, loan_no: str, who: str = "agent01") -> None:  # type: ignore[no-untyped-def]
    """A connected call on the loan's case at 10:00 yesterday, by `who` (given the case)."""
    at = dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(10), SHANGHAI)
    with db.session(write_lock=True) as s:
        user = _user(s, who)
        case = _case(s, loan_no)
        case.assigned_agent_id = user.id
        n = loan_no[-1]
        result = log_contact(
            s,
            user,
            case.case_no,
            channel="call",
            party="borrower",
            outcome="connected",
            at=at,
            phone_number=f"+861381234567{n}",
        )
        assert result.saved, result.verdict


def test_a_case_due_today_is_listed_above_a_waiting_case_that_scores_higher(office) -> None:
    today = office_today()
    with office.session() as s:
        assert _order(s) == ["L1", "L2", "L3"]  # all due today: by score, L1 owing the most
        assert not any(c.waiting for c in s.scalars(select(Case)))
    _call_yesterday(office, "L1")  # the contact's own refresh of the case
    with office.session() as s:
        l1, l2 = _case(s, "L1"), _case(s, "L2")
        assert l1.status is CaseStatus.CONTACTED
        assert l1.next_action_on == today + dt.timedelta(days=2)
        assert l1.waiting and not l2.waiting
        assert l1.score > l2.score  # still the higher score, yet listed below
        assert _order(s) == ["L2", "L3", "L1"]
        rows = queue_rows(s, [l1.id, l2.id])
        assert rows[l1.id].waiting and not rows[l2.id].waiting
        detail = case_detail(s, _user(s, "supervisor"), l1.case_no, "en")
        assert detail.queue_place is not None
        assert detail.queue_place.startswith(f"Waiting until {l1.next_action_on.isoformat()}:")
        assert "below the cases due now" in detail.queue_place
        chinese = case_detail(s, _user(s, "supervisor"), l1.case_no, "zh_CN").queue_place
        assert chinese is not None and chinese.startswith(f"等到 {l1.next_action_on}：")
        assert case_detail(s, _user(s, "supervisor"), l2.case_no, "en").queue_place is None


def test_the_rebuild_of_the_next_action_day_brings_it_back_to_the_due(office) -> None:
    today = office_today()
    _call_yesterday(office, "L1")
    with office.session() as s:
        rebuild_queue(s, None, today + dt.timedelta(days=1))  # tomorrow: still waiting
        assert _case(s, "L1").waiting
        assert _order(s)[-1] == "L1"
    with office.session() as s:
        rebuild_queue(s, None, today + dt.timedelta(days=2))  # its day: due, at the top again
        l1 = _case(s, "L1")
        assert not l1.waiting and l1.next_action_on == today + dt.timedelta(days=2)
        assert _order(s)[0] == "L1"
    with office.session() as s:  # a whole rebuild of the same day finds nothing to change
        assert rebuild_queue(s, None, today + dt.timedelta(days=2)).open_cases == 3
        assert not _case(s, "L1").waiting


def test_a_paused_case_stays_below_the_due_and_the_waiting(office) -> None:
    today = office_today()
    _call_yesterday(office, "L1")
    with office.session(write_lock=True) as s:
        boss = _user(s, "supervisor")
        record_complaint(
            s, boss, case_no=_case(s, "L2").case_no, agent_username=None, received_on=today,
            source="borrower", channel="phone", category="harassment", description="电话太多",
        )  # fmt: skip
    with office.session() as s:
        l2 = _case(s, "L2")
        assert l2.status is CaseStatus.PAUSED and l2.waiting and l2.score == 0
        assert _order(s) == ["L3", "L1", "L2"]  # due, waiting, then held
        assert case_detail(s, _user(s, "supervisor"), l2.case_no, "en").queue_place is None


def test_assignment_by_rule_hands_out_the_due_cases_first(office) -> None:
    _call_yesterday(office, "L1", who="supervisor")
    with office.session(write_lock=True) as s:
        for case in s.scalars(select(Case)):
            case.assigned_agent_id = None
        boss = _user(s, "supervisor")
        settings.put(s, _user(s, "admin"), "assign.capacity_per_agent", 1)
        assert _case(s, "L1").waiting and _case(s, "L1").score > _case(s, "L2").score
        summary = assign_by_rule(s, boss, "capacity")
        assert summary.assigned == 1
        agent = _user(s, "agent01")
        given = [c for c in s.scalars(select(Case)) if c.assigned_agent_id == agent.id]
        # By score alone the waiting L1 went first; the one case an agent takes is one due now.
        assert [s.get_one(Loan, c.loan_id).loan_no for c in given] == ["L2"]
