"""Assigning cases to agents: by hand (one or many) or by rule (round-robin, capacity), handing
cases back to the queue, and moving an absent agent's open cases to the others by rule.

Every case needs an agent qualified for phone work; a field-stage case (DPD at or past the
office's field-stage threshold) also needs valid field training. Manual assignment is all or
nothing and names the reason; rule assignment skips what it cannot place and says why.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, settings
from app.auth import Permission, require
from app.cases.delinquency import bucket_range
from app.concurrency import saving
from app.errors import NotFound, ValidationError
from app.i18n import Counted
from app.models import Case, CaseStatus, Role, User
from app.models.base import utcnow
from app.office import office_today
from app.training import WorkKind, office_training
from app.user_names import user_named

HANDED_BACK = "handed back"  # case.assign's "why" when a supervisor put a case back in the queue


@dataclass
class AssignSummary:
    assigned: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → cases
    # Agents the run gave nothing their training does not allow: id → "phone" (no case at all)
    # or "field" (no field-stage case, when there was one to place).
    passed_over: dict[int, str] = field(default_factory=dict)


def nothing_waiting(
    summary: AssignSummary, bucket: str | None, from_agent: str | None = None
) -> str:
    """What a rule run that placed nothing and skipped nothing found: no unassigned open case
    (in `bucket`), or none of `from_agent`'s — "" otherwise. Found by QA: it said only "0 cases
    assigned"."""
    from app.i18n import tr

    if summary.assigned or summary.skipped:
        return ""
    if from_agent and bucket:
        return tr(
            "{agent} has no open case in {bucket}: nothing to move.",
            agent=from_agent,
            bucket=bucket,
        )
    if from_agent:
        return tr("{agent} has no open case: nothing to move.", agent=from_agent)
    if bucket:
        return tr("No unassigned open case in {bucket}: nothing to place.", bucket=bucket)
    return tr("No unassigned open case: every open case has its agent.")


def _agent(session: Session, name: str) -> User:
    agent = user_named(session, name)
    if agent is None or agent.role is not Role.AGENT or not agent.active:
        raise NotFound("No active agent named {name}.", name=name)
    return agent


def _cases(session: Session, case_nos: Sequence[str]) -> list[Case]:
    wanted = list(dict.fromkeys(n.strip() for n in case_nos))
    found = {c.case_no: c for c in session.scalars(select(Case).where(Case.case_no.in_(wanted)))}
    missing = [n for n in wanted if n not in found]
    if missing:
        raise NotFound(
            "Unknown {what}: {numbers}.",
            what=Counted(len(missing), "case number", "case numbers"),
            numbers=missing[:10],
        )
    closed = [n for n in wanted if found[n].status is CaseStatus.CLOSED]
    if closed:
        raise ValidationError(
            "Closed cases cannot be assigned: {numbers}.", numbers=", ".join(closed[:10])
        )
    return [found[n] for n in wanted]


def _holder(session: Session, name: str) -> User:
    """The account whose open cases are to move: any role, active or not (an agent made a
    supervisor keeps theirs; an absent one is still active)."""
    holder = user_named(session, name)
    if holder is None:
        raise NotFound("No user named {name}.", name=name)
    return holder


def _set(session: Session, actor: User, case: Case, agent: User | None) -> None:
    """Assign one case (None: back to the queue, unassigned); a case changed by someone else
    since it was read raises StaleEdit."""
    with saving(session, "Case", case.case_no):
        before = case.assigned_agent_id
        case.assigned_agent_id = agent.id if agent else None
        case.assigned_at = utcnow() if agent else None
        audit.record(
            session,
            actor,
            "case.assign",
            "case",
            case.case_no,
            {"from": before, "to": agent.id, "agent": agent.username}
            if agent
            else {"from": before, "to": None, "why": HANDED_BACK},
        )


def unassign_cases(session: Session, actor: User, case_nos: Sequence[str]) -> int:
    """Hand the listed open cases back to the queue, unassigned; how many had an agent (a case
    already unassigned is left as it is, unaudited)."""
    require(actor, Permission.ASSIGN_CASES)
    if not case_nos:
        raise ValidationError("Choose at least one case to hand back.")
    cases = [c for c in _cases(session, case_nos) if c.assigned_agent_id is not None]
    for case in cases:
        _set(session, actor, case, None)
    session.flush()
    return len(cases)


def holders(session: Session, case_nos: Sequence[str]) -> set[int | None]:
    """Who holds the listed cases now (None for unassigned): one id when they share an agent."""
    return set(
        session.scalars(
            select(Case.assigned_agent_id).where(Case.case_no.in_(list(case_nos))).distinct()
        )
    )


def assign_cases(
    session: Session,
    actor: User,
    case_nos: Sequence[str],
    agent_name: str,
    as_of: dt.date | None = None,
) -> int:
    """Give the listed cases to one agent; refuse all if the agent is not qualified for any."""
    require(actor, Permission.ASSIGN_CASES)
    if not case_nos:
        raise ValidationError("Choose at least one case to assign.")
    # Training as of the office's today, whatever the queue date: who may work the cases now.
    as_of = as_of or office_today(session)
    agent = _agent(session, agent_name)
    cases = _cases(session, case_nos)
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    from app.training.status import check_assignable

    # Raises naming the courses: phone work's, then what a field-stage case needs besides.
    field_stage = field_min if any(c.dpd >= field_min for c in cases) else None
    check_assignable(session, agent.id, field_stage, as_of)
    for case in cases:
        _set(session, actor, case, agent)
    session.flush()
    return len(cases)


def assign_by_rule(
    session: Session,
    actor: User,
    rule: str,
    *,
    bucket: str | None = None,
    as_of: dt.date | None = None,
    from_agent: str | None = None,
) -> AssignSummary:
    """Place unassigned open cases — or, with `from_agent`, that user's open cases among the
    other agents — most urgent first, by round-robin or by free capacity. A case no other
    qualified agent can take stays where it was and is counted as skipped."""
    require(actor, Permission.ASSIGN_CASES)
    if rule not in ("round-robin", "capacity"):
        raise ValidationError("Unknown rule {rule}; choose round-robin or capacity.", rule=rule)
    holder = _holder(session, from_agent) if from_agent else None
    as_of = as_of or office_today(session)  # training now, not as of a past queue date
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    agents = {a.agent_id: a for a in office_training(session, as_of)}
    if holder is not None:
        agents.pop(holder.id, None)  # never back to the agent whose cases are moving
    phone_ok = [aid for aid, a in agents.items() if a.qualified(WorkKind.PHONE)]
    field_ok = [aid for aid in phone_ok if agents[aid].qualified(WorkKind.FIELD)]
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(phone_ok)))}
    load = Counter(
        dict(
            session.execute(
                select(Case.assigned_agent_id, func.count())
                .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None))
                .group_by(Case.assigned_agent_id)
            ).all()
        )
    )
    capacity = int(settings.get(session, "assign.capacity_per_agent"))
    query = select(Case).where(
        Case.status != CaseStatus.CLOSED,
        Case.assigned_agent_id == holder.id
        if holder is not None
        else Case.assigned_agent_id.is_(None),
    )
    if bucket:
        low, high = bucket_range(bucket)
        query = query.where(Case.dpd >= low)
        if high is not None:
            query = query.where(Case.dpd <= high)
    summary = AssignSummary()
    field_seen = False
    # Round-robin: each qualified agent gets one case before any gets another, and a round's
    # odd cases go to those holding the fewest open cases, then in name order. Always starting
    # from the first name gave that agent the most urgent case and every run's odd case (with
    # five new cases a day for four agents: twice the others' share).
    rank = {aid: n for n, aid in enumerate(phone_ok)}
    held = Counter(load)
    given: Counter[int] = Counter()
    for case in session.scalars(query.order_by(Case.score.desc(), Case.id)):
        stage = "field" if case.dpd >= field_min else "phone"
        field_seen = field_seen or stage == "field"
        pool = field_ok if stage == "field" else phone_ok
        if not pool:
            summary.skipped[
                "no agent with valid field training"
                if stage == "field"
                else "no agent with valid training"
            ] += 1
            continue
        if rule == "capacity":
            chosen = min(pool, key=lambda aid: (load[aid], aid))
            if load[chosen] >= capacity:
                summary.skipped["every qualified agent is at capacity"] += 1
                continue
        else:
            chosen = min(pool, key=lambda aid: (given[aid], held[aid], rank[aid]))
            given[chosen] += 1
        _set(session, actor, case, users[chosen])
        load[chosen] += 1
        summary.assigned += 1
    if summary.assigned or summary.skipped:
        summary.passed_over = {aid: "phone" for aid in agents if aid not in phone_ok}
        if field_seen:
            summary.passed_over.update({aid: "field" for aid in phone_ok if aid not in field_ok})
    session.flush()
    return summary
