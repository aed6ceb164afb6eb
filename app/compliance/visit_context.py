"""The visit facts a compliance check needs: the agents' other bookings near the slot and the
borrower's visits within a year of it, read as app/compliance/context.py reads the rest."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from app.compliance.context import borrower_cases
from app.compliance.model import Action, Booking
from app.models import Office, User, Visit, VisitAgent, VisitStatus

BOOKED = (VisitStatus.BOOKED, VisitStatus.IN_PROGRESS)
HELD = (*BOOKED, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
# Other bookings further than this from the slot cannot conflict under any sane travel buffer.
AGENT_WINDOW = dt.timedelta(days=1)
# The widest visit-frequency period looked at.
BORROWER_WINDOW = dt.timedelta(days=366)


@cache
def _agent_bookings() -> Select[*tuple[Any, ...]]:
    """The agents' other booked visits overlapping a window around the slot."""
    v, va = Visit, VisitAgent
    return (
        select(va.agent_id, v.visit_no, v.scheduled_start, v.scheduled_end, v.status)
        .order_by(v.scheduled_start)
        .join(v, v.id == va.visit_id)
        .where(
            va.agent_id.in_(bindparam("agents", expanding=True)),
            v.status.in_(BOOKED),
            v.scheduled_start < bindparam("until"),
            v.scheduled_end > bindparam("since"),
            v.id != bindparam("visit_id"),
        )
    )


@cache
def _borrower_visits() -> Select[*tuple[Any, ...]]:
    """The borrower's held or booked visits within a window around the slot."""
    v = Visit
    return (
        select(v.visit_no, v.scheduled_start, v.scheduled_end, v.status)
        .order_by(v.scheduled_start)
        .where(
            v.case_id.in_(borrower_cases()),
            v.status.in_(HELD),
            v.scheduled_start.is_not(None),
            v.scheduled_start > bindparam("since"),
            v.scheduled_start < bindparam("until"),
            v.id != bindparam("visit_id"),
        )
    )


@cache
def _agent_names() -> Select[*tuple[Any, ...]]:
    return select(User.id, User.display_name).where(
        User.id.in_(bindparam("agents", expanding=True))
    )


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def visit_history(session: Session, borrower: Any, action: Action) -> dict[str, object]:
    """The agents' other booked visits within a day of the slot, and the borrower's visits
    within a year of it (indexed by visit_agent.agent_id and the borrower's few cases)."""
    db = session.connection()
    end = action.visit_end or action.at
    agents = list(action.visit_agents)
    visit_id = action.visit_id or 0
    agent_rows = db.execute(
        _agent_bookings(),
        {
            "agents": agents,
            "until": end + AGENT_WINDOW,
            "since": action.at - AGENT_WINDOW,
            "visit_id": visit_id,
        },
    ).all()
    borrower_rows = db.execute(
        _borrower_visits(),
        {
            "borrower_id": borrower.borrower_id,
            "since": action.at - BORROWER_WINDOW,
            "until": action.at + BORROWER_WINDOW,
            "visit_id": visit_id,
        },
    ).all()
    names = dict(db.execute(_agent_names(), {"agents": agents}).all())
    agent_bookings = tuple(
        Booking(no, _utc(start), _utc(finish or start), agent, VisitStatus(status).value)
        for agent, no, start, finish, status in agent_rows
        if start is not None
    )
    borrower_visits = tuple(
        Booking(no, _utc(start), _utc(finish or start), None, VisitStatus(status).value)
        for no, start, finish, status in borrower_rows
        if start is not None
    )
    return {
        "agent_bookings": agent_bookings,
        "borrower_visits": borrower_visits,
        "agent_names": names,
        # The bookings' times are told in it, as the booking dialog and the Visits page show them.
        "office_timezone": db.scalar(select(Office.timezone).limit(1)) or "Asia/Shanghai",
    }
