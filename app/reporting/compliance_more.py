"""The compliance report's sections on visits (staffing, late check-outs, incidents), agents'
training (lapsed or expiring at the period's end) and complaints (deadlines and outcomes)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app import settings
from app.models import (
    AuditEntry,
    Case,
    Complaint,
    ComplaintStatus,
    Role,
    User,
    Visit,
    VisitAgent,
    VisitIncident,
    VisitStatus,
)
from app.office import office_timezone
from app.reporting.period import Period, as_utc
from app.training.status import CourseStatus, office_training

MIN_AGENTS = 2  # the article's rule: never fewer than two agents at a door
CLOSED = (ComplaintStatus.RESOLVED, ComplaintStatus.REJECTED)


@dataclass(frozen=True)
class VisitRow:
    visit_no: str
    case_no: str
    start: dt.datetime | None  # office-local, scheduled (or checked-in) time
    status: str  # VisitStatus value
    agents: tuple[str, ...]  # display names, the lead first
    minutes_late: int | None  # check-out past the expected end + grace; None when on time
    no_checkout: bool  # checked in, never checked out, past the end + grace
    incidents: tuple[str, ...]  # incident kinds
    checked_in: bool = False  # the team was at the door (a no-show after a check-in too)
    # Booked in quiet hours with the borrower's agreement to that time (app/visits/quiet_consent.py)
    quiet_agreed: bool = False

    @property
    def understaffed(self) -> bool:
        went = self.checked_in or self.status in ("in_progress", "completed")
        return went and len(self.agents) < MIN_AGENTS

    @property
    def late(self) -> bool:
        return self.no_checkout or self.minutes_late is not None


@dataclass(frozen=True)
class TrainingRow:
    agent: str
    course: str
    status: str  # CourseStatus value: lapsed, expiring or missing
    expires_on: dt.date | None


@dataclass(frozen=True)
class ComplaintRow:
    complaint_no: str
    case_no: str
    received_on: dt.date
    category: str  # ComplaintCategory value
    agent: str
    deadline_on: dt.date
    status: str  # ComplaintStatus value
    closed_on: dt.date | None
    outcome: str
    overdue: bool  # closed after the deadline, or open past it at the period's end


def visit_rows(session: Session, period: Period, now: dt.datetime | None = None) -> list[VisitRow]:
    """Visits that took place or were due in the period (scheduled or checked-in time)."""
    low, high = period.utc_bounds()
    zone = zoneinfo.ZoneInfo(period.zone)
    grace = dt.timedelta(minutes=int(settings.get(session, "visit.checkout_grace_minutes")))
    moment = now or dt.datetime.now(dt.UTC)
    v = Visit
    when = func.coalesce(v.checked_in_at, v.scheduled_start)
    # Plain columns, no ORM entities: nothing here is edited.
    visits = session.execute(
        select(
            v.id,
            v.visit_no,
            Case.case_no,
            v.status,
            v.scheduled_start,
            v.scheduled_end,
            v.checked_in_at,
            v.checked_out_at,
            v.quiet_agreed_by,
        )
        .join(Case, Case.id == v.case_id)
        .where(when >= low, when < high)
        .order_by(when, v.id)
    ).all()
    ids = [visit.id for visit in visits]
    teams: dict[int, list[str]] = {}
    incidents: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for visit_id, name in session.execute(
            select(VisitAgent.visit_id, User.display_name)
            .join(User, User.id == VisitAgent.agent_id)
            .where(VisitAgent.visit_id.in_(chunk))
            .order_by(VisitAgent.visit_id, VisitAgent.lead.desc(), VisitAgent.id)
        ):
            teams.setdefault(visit_id, []).append(name)
        for visit_id, kind in session.execute(
            select(VisitIncident.visit_id, VisitIncident.kind)
            .where(VisitIncident.visit_id.in_(chunk))
            .order_by(VisitIncident.id)
        ):
            incidents.setdefault(visit_id, []).append(kind)
    rows = []
    for visit in visits:
        begun = visit.checked_in_at or visit.scheduled_start
        late: int | None = None
        missing = False
        if visit.scheduled_end is not None and visit.checked_in_at is not None:
            deadline = as_utc(visit.scheduled_end) + grace
            if visit.checked_out_at is not None:
                if as_utc(visit.checked_out_at) > deadline:
                    over = as_utc(visit.checked_out_at) - as_utc(visit.scheduled_end)
                    late = int(over.total_seconds() // 60)
            elif moment > deadline and visit.status is not VisitStatus.CANCELLED:
                missing = True
        rows.append(
            VisitRow(
                visit.visit_no,
                visit.case_no,
                as_utc(begun).astimezone(zone) if begun else None,
                visit.status.value,
                tuple(teams.get(visit.id, [])),
                late,
                missing,
                tuple(incidents.get(visit.id, [])),
                visit.checked_in_at is not None,
                visit.quiet_agreed_by is not None,
            )
        )
    return rows


def _staff_at_end(session: Session, period: Period) -> list[int]:
    """The agents on the staff at the period's end: their account made by then and active then,
    as its deactivations and activations on record tell (an inactive account without its
    deactivation on record is left out)."""
    _low, high = period.utc_bounds()
    changes: dict[int, list[tuple[dt.datetime, str]]] = {}
    for entity_id, at, action in session.execute(
        select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.action)
        .where(
            AuditEntry.action.in_(("user.deactivate", "user.activate")),
            AuditEntry.entity == "user",
        )
        .order_by(AuditEntry.id)
    ):
        changes.setdefault(int(entity_id), []).append((as_utc(at), action))
    agents = session.execute(
        select(User.id, User.active).where(User.role == Role.AGENT, User.created_at < high)
    )
    return [uid for uid, active in agents if _active_at(changes.get(uid, []), active, high)]


def staff_on_day(session: Session, day: dt.date) -> list[int]:
    """The agents on the staff on the office's `day`, as the compliance report for that day counts
    them: an account made after it is not (the training roster as of a past day)."""
    return _staff_at_end(session, Period(day, day, office_timezone(session)))


def staff_count(session: Session, period: Period) -> int:
    """How many agents were on the staff at the period's end (none before the office had any)."""
    return len(_staff_at_end(session, period))


def _active_at(changes: list[tuple[dt.datetime, str]], active_now: bool, when: dt.datetime) -> bool:
    """Whether an account was active at `when`: its last change before then says; with none
    before, the first after says what it was (a deactivation: active); with none, as now."""
    before = [action for at, action in changes if at < when]
    if before:
        return before[-1] == "user.activate"
    after = [action for at, action in changes if at >= when]
    if after:
        return after[0] == "user.deactivate"
    return active_now


def training_rows(session: Session, period: Period, lang: str = "en") -> list[TrainingRow]:
    """Required courses lapsed, missing or expiring as of the period's last day, per agent."""
    rows = []
    flagged = (CourseStatus.LAPSED, CourseStatus.EXPIRING, CourseStatus.MISSING)
    for agent in office_training(session, period.end, _staff_at_end(session, period)):
        for course in agent.courses:
            if course.required_for != "none" and course.status in flagged:
                name = course.name_zh if lang == "zh_CN" else course.name_en
                rows.append(
                    TrainingRow(agent.display_name, name, course.status.value, course.expires_on)
                )
    return rows


def complaint_rows(session: Session, period: Period) -> list[ComplaintRow]:
    """Complaints received in the period or still open during it, oldest first, as they stood at
    the period's end: one closed since reads open (investigating once an investigator was named
    by then), past its deadline if the period ended after it — a report reprinted later says
    what it said then."""
    agent = select(User.display_name).where(User.id == Complaint.agent_id).scalar_subquery()
    c = Complaint
    _low, high = period.utc_bounds()
    named = (
        select(AuditEntry.id)
        .where(
            AuditEntry.entity == "complaint",
            AuditEntry.entity_id == c.complaint_no,
            AuditEntry.action == "complaint.assign",
            AuditEntry.at < high,
        )
        .exists()
    )
    query = (
        select(
            c.complaint_no,
            Case.case_no,
            c.received_on,
            c.category,
            agent.label("agent"),
            c.deadline_on,
            c.status,
            c.closed_on,
            c.outcome,
            named.label("named"),
        )
        .outerjoin(Case, Case.id == c.case_id)
        .where(
            c.received_on <= period.end,
            or_(
                c.received_on >= period.start,
                c.closed_on.is_(None),
                and_(c.closed_on >= period.start),
            ),
        )
        .order_by(c.received_on, c.complaint_no)  # a day's in number order
    )
    rows = []
    for complaint in session.execute(query):
        closed = complaint.closed_on
        status = ComplaintStatus(complaint.status)
        if status in CLOSED and closed is not None and closed <= period.end:
            overdue, outcome = closed > complaint.deadline_on, complaint.outcome or ""
        else:  # open at the period's end, whatever came after
            overdue, outcome, closed = period.end > complaint.deadline_on, "", None
            status = ComplaintStatus.INVESTIGATING if complaint.named else ComplaintStatus.OPEN
        rows.append(
            ComplaintRow(
                complaint.complaint_no,
                complaint.case_no or "",
                complaint.received_on,
                complaint.category.value,
                complaint.agent or "",
                complaint.deadline_on,
                status.value,
                closed,
                outcome,
                overdue,
            )
        )
    return rows
