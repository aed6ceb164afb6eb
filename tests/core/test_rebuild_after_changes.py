"""The other way round from test_rebuild_alone_equals_whole: each change made through the core's
use cases (a payment, a contact, a promise, an agreement signed or cancelled, a visit booked or
cancelled, a complaint's pause opened or lifted, a stop flag) brings its cases up to date at
once; a whole-office rebuild of the same date right after must then find nothing to change.

The demo office (demo_db, on each engine), as of its queue date."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app import settings
from app.agreements import approve, cancel, draft_plan, sign
from app.borrowers import update_borrower_flags
from app.cases.payments import record_payment
from app.cases.rebuild import rebuild_queue
from app.complaints import lift_pause, record_complaint
from app.contacts import log_contact
from app.models import (
    Agreement,
    AgreementStatus,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    Loan,
    User,
    Visit,
    VisitStatus,
)
from app.training import WorkKind, untrained_for
from app.visits import book_visit, request_visit, verify_visit
from app.visits.lifecycle import cancel_visit
from tests.core.rebuild_compare import case_numbers, differences, snapshot
from tests.core.visit_office import slot, visit_day
from tests.office_day import office_today

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == name))


def _cases(s, status: CaseStatus, *where) -> list[Case]:  # type: ignore[no-untyped-def]
    found = list(s.scalars(select(Case).where(Case.status == status, *where).order_by(Case.id)))
    assert found, f"the demo office has no {status} case"
    return found


def _loan_no(s, case: Case) -> str:  # type: ignore[no-untyped-def]
    return s.get_one(Loan, case.loan_id).loan_no


def _pay_part(s) -> None:  # type: ignore[no-untyped-def]
    case = _cases(s, CaseStatus.CONTACTED)[0]
    sup = _user(s, "supervisor")
    record_payment(s, sup, _loan_no(s, case), case.amount_overdue // 2, office_today())


def _pay_all(s) -> None:  # type: ignore[no-untyped-def]
    case = _cases(s, CaseStatus.PROMISE_BROKEN)[0]
    sup = _user(s, "supervisor")
    record_payment(s, sup, _loan_no(s, case), case.amount_overdue, office_today())


def _caller(s, case: Case, day: dt.date) -> User:  # type: ignore[no-untyped-def]
    """The case's agent when fit for phone work on `day`, else the supervisor: the demo keeps
    an agent whose training has lapsed (app/demo/every_state.py), and the rule contact_training
    holds their contacts back (it did on 3 February 2027, the only new case being theirs)."""
    agent = case.assigned_agent_id
    if agent and untrained_for(s, agent, WorkKind.PHONE, day) is None:
        return s.get_one(User, agent)
    return _user(s, "supervisor")


def _contact(s, status: CaseStatus, promise: bool) -> None:  # type: ignore[no-untyped-def]
    yesterday = office_today() - dt.timedelta(days=1)
    # Cases opened by yesterday: a queue date set ahead opens cases on later days, and a contact
    # before its case opened is refused (it raised on the first such case).
    for case in _cases(s, status, Case.opened_on <= yesterday):
        user = _caller(s, case, yesterday)
        result = log_contact(
            s,
            user,
            case.case_no,
            channel="call" if promise else "letter",
            party="borrower",
            outcome="connected" if promise else "delivered",
            at=dt.datetime.combine(yesterday, dt.time(10), SHANGHAI),
            promise=(case.amount_overdue or 100, office_today() + dt.timedelta(days=5))
            if promise
            else None,
        )
        if result.saved:
            return
    raise AssertionError(f"no {status} case took a contact")


def _new_else_contacted(s) -> CaseStatus:  # type: ignore[no-untyped-def]
    """A new case's status if the demo holds one opened by yesterday, else a contacted one's (the
    demo holds no new case on some build days and hours, as at 06:30 or 12:00 on 7 December
    2026 in Shanghai)."""
    yesterday = office_today() - dt.timedelta(days=1)
    new = select(Case.id).where(Case.status == CaseStatus.NEW, Case.opened_on <= yesterday)
    return CaseStatus.NEW if s.scalar(new.limit(1)) is not None else CaseStatus.CONTACTED


def _sign(s) -> None:  # type: ignore[no-untyped-def]
    case = _cases(s, CaseStatus.PROMISE_BROKEN)[1]
    sup, today = _user(s, "supervisor"), office_today()
    number = draft_plan(
        s, sup, case.case_no, count=3, start=today + dt.timedelta(days=10), today=today
    ).agreement_no
    approve(s, sup, number, today=today)
    sign(s, sup, number, today, today=today)


def _cancel_agreement(s) -> None:  # type: ignore[no-untyped-def]
    case = _cases(s, CaseStatus.AGREEMENT)[0]
    agreement = s.scalar(
        select(Agreement).where(
            Agreement.case_id == case.id,
            Agreement.status.in_([AgreementStatus.SIGNED, AgreementStatus.ACTIVE]),
        )
    )
    cancel(s, _user(s, "supervisor"), agreement.agreement_no, "Borrower asked for new terms")


def _pause(s) -> None:  # type: ignore[no-untyped-def]
    case = _cases(s, CaseStatus.CONTACTED)[1]
    record_complaint(
        s,
        _user(s, "supervisor"),
        case_no=case.case_no,
        agent_username=None,
        received_on=office_today(),
        source="borrower",
        channel="phone",
        category="harassment",
        description="说催收员一天打了很多次电话",
    )


def _lift(s) -> None:  # type: ignore[no-untyped-def]
    complaint = s.scalar(
        select(Complaint)
        .join(Case, Case.id == Complaint.case_id)
        .where(Case.status == CaseStatus.PAUSED, Complaint.pause_lifted_at.is_(None))
        .order_by(Complaint.id)
    )
    lift_pause(s, _user(s, "supervisor"), complaint.complaint_no, "Answered; calls may resume")


def _do_not_visit(s) -> None:  # type: ignore[no-untyped-def]
    """A stop flag that takes a case's visit eligibility away."""
    [case] = [
        c
        for c in _cases(s, CaseStatus.PROMISE_BROKEN)
        if c.score_breakdown and c.score_breakdown.get("visit_eligible")
    ][:1]
    borrower = s.get_one(Borrower, s.get_one(Loan, case.loan_id).borrower_id)
    update_borrower_flags(
        s,
        _user(s, "supervisor"),
        borrower.borrower_no,
        expected_version=borrower.version,
        do_not_visit=True,
    )


def _book_visit(s) -> None:  # type: ignore[no-untyped-def]
    sup = _user(s, "supervisor")
    for case in _cases(s, CaseStatus.CONTACTED):
        loan = s.get_one(Loan, case.loan_id)
        # On some build days the demo's first such case is a borrower's who asked for no visits.
        if not loan.home_visit_consent or s.get_one(Borrower, loan.borrower_id).do_not_visit:
            continue
        visit = request_visit(s, sup, case.case_no)
        verify_visit(s, sup, visit.visit_no, identity=True, address=True, phone=True)
        for pair in (("agent01", "agent02"), ("agent03", "agent04"), ("agent05", "agent06")):
            result = book_visit(
                s,
                sup,
                visit.visit_no,
                agents=list(pair),
                start=slot(10, day=visit_day(21)),
                minutes=60,
                borrower_agreed=True,
                consent_to_enter=True,
            )
            if s.get_one(Visit, visit.id).status is VisitStatus.BOOKED:
                return
        assert result is None, result  # show why the last booking was refused
    raise AssertionError("no visit could be booked")


def _cancel_visit(s) -> None:  # type: ignore[no-untyped-def]
    visit = s.scalar(
        select(Visit).where(Visit.status == VisitStatus.BOOKED).order_by(Visit.id.desc())
    )
    cancel_visit(s, _user(s, "supervisor"), visit.visit_no, "The borrower is away")


CHANGES: dict[str, Callable[..., None]] = {
    "payment in part": _pay_part,
    "payment of all overdue": _pay_all,
    "letter": lambda s: _contact(s, _new_else_contacted(s), promise=False),
    "call with a promise": lambda s: _contact(s, CaseStatus.CONTACTED, promise=True),
    "agreement signed": _sign,
    "agreement cancelled": _cancel_agreement,
    "complaint pausing": _pause,
    "pause lifted": _lift,
    "do-not-visit flag": _do_not_visit,
    "visit booked": _book_visit,
    "visit cancelled": _cancel_visit,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_leaves_nothing_for_a_whole_office_rebuild_to_do(demo_db, change: str) -> None:
    with demo_db.session() as s:
        as_of = settings.as_of(s)
        rebuild_queue(s, None, as_of)
        before = snapshot(s)
    with demo_db.session() as s:
        CHANGES[change](s)
    with demo_db.session() as s:
        changed = snapshot(s)
        names = case_numbers(s)
        rebuild_queue(s, None, as_of)
        problems = differences(changed, snapshot(s), names)
        assert not problems, f"after the {change}, the whole rebuild shows:\n" + "\n".join(problems)
        assert differences(before, changed, names), "the change changed no case"


# The changes whose cases are brought up to date as of the queue's date, whatever it is (a payment
# or an agreement's is as of its own day when later: app/cases/payments.py, app/agreements).
AT_THE_QUEUE_DATE = (
    "letter",
    "call with a promise",
    "complaint pausing",
    "pause lifted",
    "do-not-visit flag",
    "visit booked",
    "visit cancelled",
)


@pytest.mark.parametrize("shift", [-20, 40])
@pytest.mark.parametrize("change", AT_THE_QUEUE_DATE)
def test_a_change_follows_a_queue_date_set_to_another_day(demo_db, change: str, shift) -> None:
    """A supervisor set the queue's date back (a look-back) or ahead: a change recomputes its
    cases as of that date, as the whole office's rebuild does."""
    with demo_db.session() as s:
        as_of = settings.as_of(s) + dt.timedelta(days=shift)
        settings.put(s, _user(s, "supervisor"), "queue.as_of", as_of.isoformat())
        rebuild_queue(s, None, as_of)
    with demo_db.session() as s:
        CHANGES[change](s)
    with demo_db.session() as s:
        changed = snapshot(s)
        rebuild_queue(s, None, as_of)
        problems = differences(changed, snapshot(s), case_numbers(s))
        assert not problems, f"after the {change}, the whole rebuild shows:\n" + "\n".join(problems)
