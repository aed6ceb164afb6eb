"""States a small demo office held only by chance, added after the bulk build through the core's
use cases (their rows, checks and audit entries are the office's own), each at a time of the
office's past (app.models.base.acting_at): an agreement in draft and one approved awaiting the
borrower's signature, complaints under investigation and rejected, an agent whose required
training expires within 30 days, a promise kept in part (app/demo/partial_promise.py), visits
verified, a no-show, one past its end without check-out and a booking overridden
(app/demo/visit_states.py), a closed case past its records retention (app/demo/old_records.py),
and notes on a few cases (app/demo/case_notes.py).

Each is added only when the bulk build made none, on cases its own generator picks (seeded from
the build's seed): the rest of the office stays as it was drawn, and the same seed gives the same
office. Nothing is stamped after the build's moment."""

from __future__ import annotations

import datetime as dt
import random
from contextlib import AbstractContextManager

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.agreements.common import waiver_threshold
from app.agreements.drafting import draft_plan, draft_terms
from app.agreements.lifecycle import approve
from app.complaints import add_note, assign_complaint, record_complaint, resolve_complaint
from app.demo.agreement_rows import YUAN
from app.demo.complaint_rows import COMPLAINT_TEXTS
from app.demo.context import NO_LIMIT, SHANGHAI_OFFSET, local_to_utc
from app.demo.old_records import record_old_records
from app.demo.partial_promise import record_partial_promise
from app.demo.visit_states import VisitStates
from app.loans.schedule import add_months
from app.models import (
    Agreement,
    AgreementStatus,
    Case,
    CaseStatus,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    Course,
    User,
)
from app.models.base import acting_at
from app.queries.approvals import AGREEMENT, waiting_for_approval
from app.reporting.period import as_utc
from app.roles import Role
from app.training import office_training
from app.training.records import record_training
from app.training.status import CourseStatus, WorkKind, in_filter

# Open cases a supervisor might draft a plan on or a borrower complain about.
WORKED = (CaseStatus.CONTACTED, CaseStatus.PROMISE_BROKEN, CaseStatus.NEW, CaseStatus.PROMISE)
LATE_MINUTE = 17 * 60  # a complaint's steps: after the day's others (they are by 15:00)
EXPIRING_IN = 20  # days from the as-of day to the expiry of the renewed course
REASON, CAPACITY = "收入下降，无力一次还清", "每月可还一部分"  # what a drafted plan's borrower said
MINUTE = dt.timedelta(minutes=1)


def record_every_state(
    session: Session, seed: int, as_of: dt.date, latest: dt.datetime = NO_LIMIT
) -> None:
    """Add each state the office lacks (see the module's docstring)."""
    rng = random.Random(f"casedesk-demo-every-state-{seed}")
    staff = _Staff(session, as_of, latest)
    taken: set[int] = set()
    _agreements(session, rng, staff, taken)
    _complaints(session, rng, staff, taken)
    _expiring_training(session, staff)
    record_partial_promise(session, rng, as_of, taken)
    VisitStates(session, rng, staff.supervisor, as_of, latest, taken).record()
    record_old_records(session, rng, as_of)
    from app.demo.case_notes import record_case_notes
    from app.office import office_zone

    record_case_notes(session, seed, as_of, office_zone(session), latest)
    session.flush()


class _Staff:
    """Who acts, and at what moment of which past day (never after the build's moment)."""

    def __init__(self, session: Session, as_of: dt.date, latest: dt.datetime) -> None:
        users = session.scalars(select(User).where(User.active).order_by(User.id)).all()
        self.supervisor = next(u for u in users if u.role == Role.SUPERVISOR)
        self.agents = [u for u in users if u.role == Role.AGENT]
        self.as_of, self.latest = as_of, latest

    def at(self, days_ago: int, minute: int = 10 * 60) -> dt.datetime:
        """`minute` of the office's day `days_ago` before the as-of day (at most the build's)."""
        moment = local_to_utc(self.as_of - dt.timedelta(days=days_ago), minute)
        return min(moment, self.latest - dt.timedelta(minutes=1))

    def acting(self, days_ago: int, minute: int = 10 * 60) -> AbstractContextManager[None]:
        """The use cases called within act at that moment."""
        return acting_at(self.at(days_ago, minute))


def _has(session: Session, *where: object) -> bool:
    return bool(session.scalar(select(func.count()).where(*where)))  # type: ignore[arg-type]


def _pick(session: Session, rng: random.Random, taken: set[int]) -> Case | None:
    """An open case worked by phone, with no agreement or complaint, not picked before; None
    when none is left (a small office: the state it was for is not shown)."""
    ids = session.scalars(
        select(Case.id)
        .where(
            Case.status.in_(WORKED),
            ~exists().where(Agreement.case_id == Case.id),
            ~exists().where(Complaint.case_id == Case.id),
        )
        .order_by(Case.id)
    ).all()
    left = [i for i in ids if i not in taken]
    if not left:
        return None
    chosen = rng.choice(left)
    taken.add(chosen)
    case = session.get(Case, chosen)
    assert case is not None
    return case


def _agreements(session: Session, rng: random.Random, staff: _Staff, taken: set[int]) -> None:
    """A plan drafted and waiting for approval (any draft would not do: one with a small waiver
    waits for no one); one approved, waiting for the signature."""
    if not _has(session, Agreement.status == AgreementStatus.APPROVED):
        case, who = _pick(session, rng, taken), staff.supervisor
        if case is None:
            return
        moment = _after_last_draft(session, staff, days_ago=3)
        day = (moment + SHANGHAI_OFFSET).date()
        with acting_at(moment):
            drafted = draft_plan(
                session, who, case.case_no, count=6, start=day + dt.timedelta(days=30),
                today=day, stated_reason=REASON, stated_capacity=CAPACITY,
            )  # fmt: skip
        day_end = local_to_utc(day, 24 * 60 - 1)  # approved the day it was drafted
        with acting_at(min(moment + 5 * 60 * MINUTE, day_end, staff.latest - MINUTE)):
            approve(session, who, drafted.agreement_no, today=day)
    if not any(w.kind == AGREEMENT for w in waiting_for_approval(session, staff.supervisor)):
        _waiting_draft(session, rng, staff, taken)


def _after_last_draft(session: Session, staff: _Staff, days_ago: int) -> dt.datetime:
    """10:00 `days_ago` days back, or just after the office's last draft when that came later:
    the sequence numbers agreements in drafting order (never after the build's moment)."""
    last = session.scalar(select(func.max(Agreement.created_at)))
    moment = staff.at(days_ago)
    if last is not None:
        moment = max(moment, as_utc(last) + MINUTE)
    return min(moment, staff.latest - 2 * MINUTE)


def _waiting_draft(session: Session, rng: random.Random, staff: _Staff, taken: set[int]) -> None:
    """A plan an agent drafted the day before on their case, its waiver above the office's
    threshold: it waits for a supervisor (the dashboard's tile, `casedesk approvals`). The bulk's
    drafts wait only by chance: on some build days none is that recent or its waiver that big."""
    moment = _after_last_draft(session, staff, days_ago=1)
    threshold, day = waiver_threshold(session), (moment + SHANGHAI_OFFSET).date()
    for _try in range(50):  # a small office may have no such case: then none waits
        case = _pick(session, rng, taken)
        if case is None:
            return
        agent = session.get(User, case.assigned_agent_id) if case.assigned_agent_id else None
        if agent is None or agent.role != Role.AGENT or not agent.active:
            continue
        debt = draft_terms(session, agent, case.case_no, today=day).debt
        waiver = max(debt * rng.choice((5, 10)) // 100 // YUAN, threshold // YUAN + 100) * YUAN
        if waiver * 2 < debt:
            break
    else:
        return
    with acting_at(moment):
        draft_plan(
            session, agent, case.case_no, count=6, start=day + dt.timedelta(days=30),
            amount=debt - waiver, today=day, stated_reason=REASON, stated_capacity=CAPACITY,
        )  # fmt: skip


def _complaints(session: Session, rng: random.Random, staff: _Staff, taken: set[int]) -> None:
    """One rejected and one under investigation, each received on or after the office's latest
    complaint, so that the numbers still follow the received dates (app/demo/history.py)."""
    for status, days_ago in ((ComplaintStatus.REJECTED, 12), (ComplaintStatus.INVESTIGATING, 4)):
        if _has(session, Complaint.status == status):
            continue
        last = session.scalar(select(func.max(Complaint.received_on)))
        received = max(staff.as_of - dt.timedelta(days=days_ago), last or dt.date.min)
        days_ago = (staff.as_of - received).days
        case, who = _pick(session, rng, taken), staff.supervisor
        if case is None:
            return
        with staff.acting(days_ago, minute=LATE_MINUTE):
            number = record_complaint(
                session, who, case_no=case.case_no, agent_username=None, received_on=received,
                source="borrower", channel="phone", category=ComplaintCategory.HARASSMENT,
                description=COMPLAINT_TEXTS[ComplaintCategory.HARASSMENT][0], today=received,
            ).complaint_no  # fmt: skip
            assign_complaint(session, who, number, who.username)
            if status is ComplaintStatus.INVESTIGATING:  # a finding, as the demo's others have
                add_note(session, who, number, "已调取通话记录核查")
        if status is ComplaintStatus.REJECTED:
            with staff.acting(max(days_ago - 1, 0), minute=LATE_MINUTE):
                add_note(session, who, number, "调取通话记录：每日联系次数在规定以内")
                resolve_complaint(
                    session, who, number, "经核查不属实", upheld=False,
                    today=staff.as_of - dt.timedelta(days=max(days_ago - 1, 0)),
                )  # fmt: skip


def _expiring_training(session: Session, staff: _Staff) -> None:
    """An agent whose required course expires within 30 days: one whose course had lapsed
    renews it, a pass taken long enough ago to expire EXPIRING_IN days after the as-of day."""
    agents = office_training(session, staff.as_of)
    if any(in_filter(a, "expiring") for a in agents):
        return
    courses = {c.id: c for c in session.scalars(select(Course))}
    phone_lapsed = [a for a in agents if not a.qualified(WorkKind.PHONE)]
    # Renewed, a course for field work only, or one for phone work when another agent's phone
    # training stays lapsed: the office keeps an agent the phone rules stop. The last such agent
    # by name: the first ones keep the lapsed training the office has shown since it was built.
    for agent in sorted(agents, key=lambda a: a.username, reverse=True):
        lapsed = [
            c
            for c in agent.courses
            if c.status is CourseStatus.LAPSED
            and (c.required_for == "field" or (c.required_for != "none" and len(phone_lapsed) > 1))
        ]
        if not lapsed:
            continue
        course = courses[lapsed[0].course_id]
        user = session.get(User, agent.agent_id)
        assert user is not None
        taken = _months_before(staff.as_of, course.validity_months) + dt.timedelta(days=EXPIRING_IN)
        with staff.acting(1):
            record_training(
                session, staff.supervisor, user, course, taken_on=taken, score=88,
                trainer="营业部培训", evidence="补录结业证书", today=staff.as_of,
            )  # fmt: skip
        return


def _months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)
