"""A visit's team checked again at check-in: booking judged it, but the team can change under a
booked visit (found by QA: a partner whose account was deactivated stayed on the team and the
other agent checked in alone; a course made required since left the team untrained, and it went).

Refused: a team member whose account is deactivated, or who is no longer a collection agent (made
a supervisor since: QA s46 found them let through); a supervisor staffs the visit anew. And,
where the rule set blocks it (the CN rule set does), fewer agents than the visit needs, or an agent
without valid field training on the day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.model import Severity
from app.compliance.ruleset import RuleSet
from app.compliance.versions import active_ruleset
from app.errors import ValidationError
from app.models import Role, User, Visit, VisitAgent
from app.training.status import WorkKind, agent_training


def _blocks(ruleset: RuleSet, rule_id: str) -> int | None:
    """The rule's `min_agents` (or 1) when the rule set in force blocks what it finds; None when
    it is off or lets the visit through."""
    rule = ruleset.rule(rule_id)
    if rule is None or not rule.enabled or rule.severity is not Severity.BLOCKED:
        return None
    return int(rule.params.get("min_agents", 1))


def agents_needed(session: Session) -> int:
    """How many agents a visit needs under the rule set in force: its staffing rule's number
    where it blocks fewer (the CN rule set: 2), else 1 (the US and UK sets have no such rule):
    the visit dialogs ask for a second agent only then."""
    return _blocks(active_ruleset(session)[0], "visit_staffing") or 1


def _team(session: Session, visit: Visit) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(VisitAgent, VisitAgent.agent_id == User.id)
            .where(VisitAgent.visit_id == visit.id)
            .order_by(VisitAgent.lead.desc(), VisitAgent.id)
        )
    )


def gone_refusal(session: Session, visit: Visit) -> ValidationError | None:
    """Why the visit may not start, nor be approved, with a deactivated account on its team, or
    one no longer a collection agent; None when every account on it is an active agent."""
    team = _team(session, visit)
    gone = [u.display_name or u.username for u in team if not u.active]
    if gone:
        return ValidationError(
            "Visit {number} cannot start: a deactivated account is on its team ({agents}). A "
            "supervisor staffs the visit anew before anyone checks in.",
            number=visit.visit_no,
            agents=gone,
        )
    others = [u.display_name or u.username for u in team if u.role is not Role.AGENT]
    if others:
        return ValidationError(
            "Visit {number} cannot start: {agents}, on its team, is no longer a collection agent. "
            "A supervisor staffs the visit anew before anyone checks in.",
            number=visit.visit_no,
            agents=others,
        )
    return None


def staffing_refusal(session: Session, visit: Visit, day: dt.date) -> ValidationError | None:
    """Why the visit's team may not check in on `day`, or None."""
    if (gone := gone_refusal(session, visit)) is not None:
        return gone
    team = _team(session, visit)
    ruleset, _id = active_ruleset(session)
    needed = _blocks(ruleset, "visit_staffing")
    if needed is not None and len(team) < needed:
        return ValidationError(
            "Visit {number} cannot start: it needs at least {min} agents; {count} on its team.",
            number=visit.visit_no,
            min=needed,
            count=len(team),
        )
    if _blocks(ruleset, "visit_training") is not None:
        lacking = [
            u.display_name or u.username
            for u in team
            if agent_training(session, u.id, day).missing_for(WorkKind.FIELD)
        ]
        if lacking:
            return ValidationError(
                "Visit {number} cannot start: no valid field training on {date} for {agents}. A "
                "supervisor staffs the visit anew, or records the training, before anyone checks "
                "in.",
                number=visit.visit_no,
                agents=lacking,
                date=day.isoformat(),
            )
    return None
