"""Visits as the Visits page, the CLI and the daily visit sheet read them: plain dataclasses.

Times are aware UTC here; callers show them in the office's time zone. Agents see the visits on
their own cases and the ones they are booked on; supervisors and admins see every visit.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased

from app import settings
from app.auth import Permission, can, require
from app.erased import erased_on
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import (
    Borrower,
    Case,
    Loan,
    Role,
    User,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.names import by_name
from app.office import get_office, office_now, office_zone
from app.office_printed import safety_contact
from app.paper import office_paper
from app.privacy import mask_id
from app.queries.visit_sheet_facts import (
    SheetVisit,
    VisitSheet,
    figures_day,
    loan_figures,
    sheet_phones,
)
from app.reporting.period import versions_on_day
from app.user_names import user_named
from app.visits.common import NOT_STARTED, needs_approval, utc, visit_teams
from app.visits.quiet_consent import stored_agreement
from app.visits.slot import pausing_complaints
from app.visits.team_check import agents_needed, staffing_refusal
from app.visits.team_gone import deactivated_members, names_of

# What a day's work and a calendar show: visits that are (or were) going ahead.
SCHEDULED = (
    VisitStatus.BOOKED,
    VisitStatus.IN_PROGRESS,
    VisitStatus.COMPLETED,
    VisitStatus.NO_SHOW,
)


@dataclass(frozen=True)
class VisitRow:
    visit_no: str
    case_no: str
    borrower: str
    status: VisitStatus
    start: dt.datetime | None  # aware UTC; None until booked
    end: dt.datetime | None
    agents: tuple[str, ...]  # user names, the lead first
    address: str
    approved: bool
    checked_in_at: dt.datetime | None = None
    checked_out_at: dt.datetime | None = None
    agent_names: tuple[str, ...] = ()  # the agents' display names, in the same order
    # Open complaints pausing contact on the case of a visit not yet started: do not go.
    paused_by: tuple[str, ...] = ()
    case_agent: str = ""  # the user name of the case's agent; "" when the case is unassigned
    version: int = 0  # the visit's, as read: a cancellation of a visit changed since is refused
    # Booked, and the office asks a supervisor's approval it has not had: no check-in yet (the
    # daily sheet says so too).
    awaiting_approval: bool = False
    # Booked, with a deactivated account on its team (user names): no check-in until its team is
    # changed (app/visits/team_gone.py).
    gone: tuple[str, ...] = ()

    @property
    def gone_names(self) -> tuple[str, ...]:
        return names_of(self.gone, self.agents, self.agent_names)


def viewer_part(row: VisitRow, username: str) -> str:
    """Why `username` sees the visit: "team" (on its team), "case" (their case, another team's
    visit) or "both"; "" when neither (a supervisor sees every visit)."""
    team, case = username in row.agents, username == row.case_agent
    return "both" if team and case else "team" if team else "case" if case else ""


@dataclass
class WeekCalendar:
    """Agents as rows, the seven days from `week_start` as columns, visits in the cells."""

    week_start: dt.date
    timezone: str
    agents: list[tuple[str, str]]  # (user name, display name)
    cells: dict[tuple[str, dt.date], list[VisitRow]] = field(default_factory=dict)
    # An agent's calendar: the visits on their own cases that other agents go on, by day (the
    # agent's row shows only the visits they are on the team of).
    other_teams: dict[dt.date, list[VisitRow]] = field(default_factory=dict)
    # The agents' rows of deactivated accounts still on a booked visit of the week (user names):
    # their row stays until the visit has a new team (QA s46: it dropped off, the visit unseen).
    gone: set[str] = field(default_factory=set)

    @property
    def days(self) -> list[dt.date]:
        return [self.week_start + dt.timedelta(days=n) for n in range(7)]

    def visits(self, username: str, day: dt.date) -> list[VisitRow]:
        return self.cells.get((username, day), [])

    def on_other_teams(self, day: dt.date) -> list[VisitRow]:
        return self.other_teams.get(day, [])


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)  # what the lists look up


def day_range(
    day: dt.date, zone: zoneinfo.ZoneInfo, days: int = 1
) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC of `days` local days from `day`; a day out of the calendar's range
    (year 1 or 9999, where a time zone's shift leaves the calendar) is refused, not a crash."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            "Choose a day from {first} to {last}: {day} is out of range.",
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
            day=day.isoformat(),
        )
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _visible(query: Select, user: User) -> Select:
    """Agents: visits on their cases or with them on the team."""
    if can(user, Permission.VIEW_ALL_CASES):
        return query
    mine = select(VisitAgent.visit_id).where(VisitAgent.agent_id == user.id)
    return query.where(or_(Case.assigned_agent_id == user.id, Visit.id.in_(mine)))


def _visits() -> Select:
    """Visits with their case's number, the borrower's name and the case's agent (user name)."""
    case_agent = aliased(User)
    return (
        select(Visit, Case.case_no, Borrower.name, case_agent.username)
        .join(Case, Case.id == Visit.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .outerjoin(case_agent, case_agent.id == Case.assigned_agent_id)
    )


def _user(session: Session, username: str) -> User:
    user = user_named(session, username)
    if user is None:
        raise NotFound("Unknown user {name}.", name=username)
    return user


def list_visits(
    session: Session,
    user: User,
    *,
    agent: str | None = None,
    status: VisitStatus | str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 1000,
) -> list[VisitRow]:
    """Visits by start time (unbooked ones last), filtered by agent, status and local dates."""
    require(user, Permission.BOOK_VISITS)
    query = _visible(_visits(), user)
    if agent:
        on = select(VisitAgent.visit_id).where(VisitAgent.agent_id == _user(session, agent).id)
        query = query.where(Visit.id.in_(on))
    if status:
        query = query.where(Visit.status == VisitStatus(status))
    zone = office_zone(session)
    if date_from is not None:
        query = query.where(Visit.scheduled_start >= day_range(date_from, zone)[0])
    if date_to is not None:
        query = query.where(Visit.scheduled_start < day_range(date_to, zone)[1])
    query = query.order_by(Visit.scheduled_start.is_(None), Visit.scheduled_start, Visit.id)
    rows = session.execute(query.limit(limit)).all()
    teams = visit_teams(session, [v.id for v, *_ in rows])
    paused = _paused(session, [v for v, *_ in rows])
    required = _approval_required(session)
    gone = _gone(session, [v for v, *_ in rows])
    return [
        _row(
            v,
            case_no,
            name,
            teams.get(v.id, []),
            paused.get(v.case_id, ()),
            case_agent,
            required,
            gone.get(v.id, ()),
        )  # fmt: skip
        for v, case_no, name, case_agent in rows
    ]


def _gone(session: Session, visits: list[Visit]) -> dict[int, tuple[str, ...]]:
    """visit id -> the deactivated accounts on its team, for the booked visits."""
    return deactivated_members(session, [v.id for v in visits if v.status == VisitStatus.BOOKED])


def _approval_required(session: Session) -> bool:
    return bool(settings.get(session, "visit.approval_required"))


def _paused(session: Session, visits: list[Visit]) -> dict[int, tuple[str, ...]]:
    """case id -> the complaints pausing it, for the cases of the visits not yet started."""
    return pausing_complaints(session, [v.case_id for v in visits if v.status in NOT_STARTED])


def _row(
    v: Visit,
    case_no: str,
    borrower: str,
    team: list[tuple[str, str]],
    paused_by: tuple[str, ...] = (),
    case_agent: str | None = None,
    approval_required: bool = False,
    gone: tuple[str, ...] = (),
) -> VisitRow:
    waiting = approval_required and v.status == VisitStatus.BOOKED and v.approved_by_id is None
    return VisitRow(
        v.visit_no,
        case_no,
        borrower,
        VisitStatus(v.status),
        utc(v.scheduled_start) if v.scheduled_start else None,
        utc(v.scheduled_end) if v.scheduled_end else None,
        tuple(u for u, _ in team),
        v.address,
        v.approved_by_id is not None,
        utc(v.checked_in_at) if v.checked_in_at else None,
        utc(v.checked_out_at) if v.checked_out_at else None,
        tuple(n for _, n in team),
        paused_by if VisitStatus(v.status) in NOT_STARTED else (),
        case_agent or "",
        v.version,
        waiting,
        gone,
    )


def active_agents(session: Session) -> list[Any]:
    """(id, username, display_name) of the active agents, in pinyin order of their names."""
    agents = (
        select(User.id, User.username, User.display_name)
        .where(User.active, User.role == Role.AGENT)
        .order_by(User.id)
    )
    return by_name(session.execute(agents).all(), lambda agent: agent.display_name)


def week_calendar(session: Session, user: User, week_start: dt.date) -> WeekCalendar:
    """The week's visits per agent; an agent sees their own row, and apart the visits on their
    own cases that only other agents go on."""
    require(user, Permission.BOOK_VISITS)
    zone = office_zone(session)
    start, end = day_range(week_start, zone, 7)
    people: list[Any]
    # From the day before: a visit across midnight is on the next day's cell too (QA13).
    before = start - dt.timedelta(days=1)
    every = can(user, Permission.VIEW_ALL_CASES)
    if every:
        people = active_agents(session)
    else:
        people = [(user.id, user.username, user.display_name)]
    query = (
        _visits()
        .where(
            Visit.status.in_(SCHEDULED),
            Visit.scheduled_start >= before,
            Visit.scheduled_start < end,
            Visit.scheduled_end > start,
        )
        .order_by(Visit.scheduled_start)
    )
    rows = session.execute(_visible(query, user)).all()
    teams = visit_teams(session, [v.id for v, *_ in rows])
    paused = _paused(session, [v for v, *_ in rows])
    gone = _gone(session, [v for v, *_ in rows])
    if every:  # a deactivated account's row while a booked visit of the week still has it
        gone_rows = {
            u: n for v, *_ in rows for u, n in teams.get(v.id, []) if u in gone.get(v.id, ())
        }
        people += by_name([(None, u, n) for u, n in gone_rows.items()], lambda p: p[2])
    calendar = WeekCalendar(week_start, zone.key, [(u, n) for _, u, n in people])
    shown = {u for _, u, _ in people}
    calendar.gone = {u for users in gone.values() for u in users} & shown
    required = _approval_required(session)
    for v, case_no, name, case_agent in rows:
        pausing = paused.get(v.case_id, ())
        row = _row(
            v, case_no, name, teams.get(v.id, []), pausing, case_agent, required, gone.get(v.id, ())
        )
        assert row.start is not None and row.end is not None
        first = row.start.astimezone(zone).date()
        last = (row.end - dt.timedelta(minutes=1)).astimezone(zone).date()  # one to 00:00: not
        for n in range((last - first).days + 1):
            day = first + dt.timedelta(days=n)
            if not week_start <= day < week_start + dt.timedelta(days=7):
                continue
            for username in row.agents:
                if username in shown:
                    calendar.cells.setdefault((username, day), []).append(row)
            if not every and not shown & set(row.agents):  # the agent's own case, others go
                calendar.other_teams.setdefault(day, []).append(row)
    return calendar


def day_sheet(session: Session, user: User, agent: str, day: dt.date) -> VisitSheet:
    """One agent's visits on one local day, with what the team needs at each door."""
    require(user, Permission.BOOK_VISITS)
    person = _user(session, agent)
    if person.id != user.id and not can(user, Permission.VIEW_ALL_CASES):
        raise PermissionDenied("{user} may print only their own visit sheet.", user=user.username)
    zone = office_zone(session)
    start, end = day_range(day, zone)
    mine = select(VisitAgent.visit_id).where(VisitAgent.agent_id == person.id)
    rows = session.execute(
        select(Visit, Case.case_no, Case.loan_id, Borrower)
        .join(Case, Case.id == Visit.case_id)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(
            Visit.id.in_(mine),
            Visit.status.in_(SCHEDULED),
            Visit.scheduled_start >= start,
            Visit.scheduled_start < end,
        )
        .order_by(Visit.scheduled_start)
    ).all()
    teams = visit_teams(session, [v.id for v, _, _, _ in rows])
    paused = _paused(session, [v for v, _, _, _ in rows])
    as_of = figures_day(session, day)  # not the case's stored figures: those are of today
    figures = loan_figures(session, [loan_id for _, _, loan_id, _ in rows], as_of)
    phones = sheet_phones(session, [borrower.id for *_, borrower in rows])
    visits = []
    for v, case_no, loan_id, borrower in rows:
        owed, phone = figures.get(loan_id), phones[borrower.id]
        assert v.scheduled_start is not None and v.scheduled_end is not None
        visits.append(
            SheetVisit(
                v.visit_no,
                case_no,
                utc(v.scheduled_start).astimezone(zone),
                utc(v.scheduled_end).astimezone(zone),
                VisitStatus(v.status),
                borrower.name,
                mask_id(borrower.national_id),
                v.address,
                phone.number,
                owed.amount_overdue if owed else 0,
                tuple(n for u, n in teams.get(v.id, []) if u != person.username),
                v.consent_to_enter,
                paused.get(v.case_id, ()) if v.status in NOT_STARTED else (),
                v.status == VisitStatus.BOOKED and needs_approval(session, v),
                stored_agreement(v),
                erased_on(session, borrower.id),
                owed.dpd if owed else 0,
                owed.bucket if owed else "",
                phone.not_valid,
                staffing_refusal(session, v, day) if v.status == VisitStatus.BOOKED else None,
                v.at_workplace,
            )
        )
    office = get_office(session)
    return VisitSheet(
        office.name if office else "",
        safety_contact(session),
        person.username,
        person.display_name,
        person.phone,
        day,
        zone.key,
        office_now(session),
        visits,
        versions_on_day(session, day),
        office_paper(session),
        as_of if as_of != day else None,
        agents_needed(session),
    )
