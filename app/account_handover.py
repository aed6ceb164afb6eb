"""What a deactivated account leaves behind: its open cases go back to the work queue unassigned
(where a supervisor sees them under "Unassigned" and assigns them, by hand or by rule), each
audited; the booked visits to come that it is on are counted, for a supervisor to staff anew.

Those, and only those, are what `visit alerts` and the Visits page flag (app/visits/team_gone.py;
QA s46: a verified visit not yet booked was counted and flagged nowhere: its booking names its
team anew, and refuses an account that may not go, so nothing is left to staff on it). The same
count is told when an agent is given another role (app.accounts.change_role).

Left with the account, the cases were stranded: nobody could log in to work them, the queue's
agent filter no longer knew the name, and assigning by rule only places unassigned cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app import audit
from app.i18n import Counted, sentences, tr
from app.models import Case, CaseStatus, User, Visit, VisitAgent, VisitStatus
from app.models.base import utcnow

WHY = "deactivated"  # case.assign's "why" when a case went back to the queue with its agent


@dataclass(frozen=True)
class Handover:
    """An account's open cases and the visits not yet over that it is on."""

    cases: int = 0
    visits: int = 0


def held_by(session: Session, username: str) -> Handover:
    """What the account `username` holds now: open cases assigned to it, visits not yet over it is
    on (nothing for a name no account has)."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        return Handover()
    cases = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.assigned_agent_id == user_id, Case.status != CaseStatus.CLOSED)
    )
    return Handover(int(cases or 0), visits_on(session, user_id))


def visits_on(session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """How many booked visits to come `user_id` is on (not checked in, their booked end not
    passed): the ones a supervisor staffs anew once the account may no longer go, and the ones
    `visit alerts` then flags (app/visits/team_gone.py)."""
    visits = session.scalar(
        select(func.count(func.distinct(Visit.id)))
        .select_from(Visit)
        .join(VisitAgent, VisitAgent.visit_id == Visit.id)
        .where(VisitAgent.agent_id == user_id, *booked_to_come(now))
    )
    return int(visits or 0)


def booked_to_come(now: dt.datetime | None = None) -> list[ColumnElement[bool]]:
    """Booked, not checked in, its booked end not passed: a visit whose team is still to go (one
    passed is flagged as not checked in instead: app/visits/no_check_in.py)."""
    return [
        Visit.status == VisitStatus.BOOKED,
        Visit.checked_in_at.is_(None),
        Visit.scheduled_end >= _utc(now or utcnow()),
    ]


def _utc(at: dt.datetime) -> dt.datetime:
    """As app.visits.common.utc (not imported: app.visits imports this module)."""
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def hand_back_cases(session: Session, admin: User, target: User) -> int:
    """Return `target`'s open cases to the queue unassigned, one audit entry each; how many."""
    cases = session.scalars(
        select(Case)
        .where(Case.assigned_agent_id == target.id, Case.status != CaseStatus.CLOSED)
        .order_by(Case.id)
    ).all()
    for case in cases:
        case.assigned_agent_id = None
        case.assigned_at = None
        audit.record(
            session,
            admin,
            "case.assign",
            "case",
            case.case_no,
            {"from": target.id, "to": None, "why": WHY},
        )
    session.flush()
    return len(cases)


def before_words(held: Handover) -> str:
    """What deactivating will do with what the account holds (for the confirmation)."""
    return sentences(
        [
            tr(
                "Its {cases} will go back to the work queue unassigned, for a supervisor to "
                "assign (Work queue → Unassigned).",
                cases=Counted(held.cases, "{count} open case", "{count} open cases"),
            )
            if held.cases
            else "",
            tr(
                "It is on {visits}; a supervisor staffs them anew.",
                visits=Counted(
                    held.visits, "{count} visit not yet over", "{count} visits not yet over"
                ),
            )
            if held.visits
            else "",
        ]
    )


def after_words(held: Handover) -> str:
    """What deactivating did with what the account held (after it)."""
    return sentences(
        [
            tr(
                "{cases} went back to the work queue unassigned; a supervisor assigns them "
                "(Work queue → Unassigned).",
                cases=Counted(held.cases, "{count} open case", "{count} open cases"),
            )
            if held.cases
            else "",
            tr(
                "It is still on {visits}: ask a supervisor to staff them anew.",
                visits=Counted(
                    held.visits, "{count} visit not yet over", "{count} visits not yet over"
                ),
            )
            if held.visits
            else "",
        ]
    )
