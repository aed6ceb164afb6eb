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

from app import settings
from app.auth import Permission, require
from app.cases.agent_named import active_agent
from app.cases.assign_write import (
    CaseRow,
    Progress,
    RowsRead,
    case_rows,
    write_assignments,
)
from app.cases.capacity import LoadAfter, OverCapacity, load_after
from app.cases.delinquency import bucket_range
from app.errors import NotFound, ValidationError
from app.i18n import Counted
from app.models import Case, CaseStatus, User
from app.office import office_today
from app.training import WorkKind, office_training
from app.typed_number import number_key
from app.user_names import user_named


@dataclass
class AssignSummary:
    assigned: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → cases
    # Agents the run gave nothing their training does not allow: id → "phone" (no case at all),
    # "field" (no case at all, and no field-stage case for their field training) or "field_only"
    # (phone-stage cases only, when there were field-stage ones to place).
    passed_over: dict[int, str] = field(default_factory=dict)
    got: Counter[int] = field(default_factory=Counter)  # agent id → cases given
    batch: int | None = None  # the assignment batch to undo (app/cases/assign_undo.py)


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


def _cases(session: Session, case_nos: Sequence[str]) -> list[CaseRow]:
    wanted = list(dict.fromkeys(number_key(n) for n in case_nos))
    found = {
        c.case_no: c
        for c in map(CaseRow._make, session.execute(case_rows().where(Case.case_no.in_(wanted))))
    }
    # A case this session read before is assigned as it read it: changed since by someone
    # else, it is refused as changed (StaleEdit), as the record's own flush refuses it.
    for held in list(session.identity_map.values()):
        if (
            isinstance(held, Case)
            and held.__dict__.get("case_no") in found
            and "version" in held.__dict__
        ):
            row = found[held.case_no]
            found[row.case_no] = row._replace(
                assigned_agent_id=held.__dict__.get("assigned_agent_id", row.assigned_agent_id),
                version=held.__dict__["version"],
            )
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


@dataclass(frozen=True)
class HandBack:
    """What handing cases back to the queue did: how many had an agent, and the assignment
    batch that undoes it (None when none had one)."""

    back: int
    batch: int | None = None


def unassign_cases(
    session: Session, actor: User, case_nos: Sequence[str], progress: Progress | None = None
) -> HandBack:
    """Hand the listed open cases back to the queue, unassigned: how many had an agent (a case
    already unassigned is left as it is, unaudited), and the batch `assign-undo` takes."""
    require(actor, Permission.ASSIGN_CASES)
    if not case_nos:
        raise ValidationError("Choose at least one case to hand back.")
    cases = [c for c in _cases(session, case_nos) if c.assigned_agent_id is not None]
    batch = write_assignments(session, actor, [(case, None) for case in cases], progress)
    return HandBack(len(cases), batch)


def holders(session: Session, case_nos: Sequence[str]) -> set[int | None]:
    """Who holds the listed cases now (None for unassigned): one id when they share an agent."""
    return set(
        session.scalars(
            select(Case.assigned_agent_id).where(Case.case_no.in_(list(case_nos))).distinct()
        )
    )


@dataclass(frozen=True)
class HandAssignment:
    """What giving chosen cases to one agent did: how many moved to them, and which they held
    already (left as they were, unaudited: "A → A" and a new date said a change that was none)."""

    agent: str  # the agent's name as the window shows it
    assigned: int
    already: list[str]
    batch: int | None = None  # the assignment batch to undo (app/cases/assign_undo.py)


def assignment_check(
    session: Session,
    actor: User,
    case_nos: Sequence[str],
    agent_name: str,
    as_of: dt.date | None = None,
) -> tuple[User, list[CaseRow], LoadAfter]:
    """Refuse what `assign_cases` would refuse, but the capacity, and say the agent's load after
    (the window asks before going past the capacity, the CLI wants --over-capacity)."""
    require(actor, Permission.ASSIGN_CASES)
    if not case_nos:
        raise ValidationError("Choose at least one case to assign.")
    # Training as of the office's today, whatever the queue date: who may work the cases now.
    as_of = as_of or office_today(session)
    agent = active_agent(session, agent_name)
    cases = _cases(session, case_nos)
    moving = [c for c in cases if c.assigned_agent_id != agent.id]
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))
    from app.training.status import check_assignable

    # Raises naming the courses: phone work's, then what a field-stage case needs besides.
    field_cases = [c.case_no for c in moving if c.dpd >= field_min]
    if moving:  # a case the agent holds already stays as it is, whatever their training
        check_assignable(
            session, agent.id, field_min if field_cases else None, as_of, field_cases, len(moving)
        )
    return agent, cases, load_after(session, agent, cases)


def assign_cases(
    session: Session,
    actor: User,
    case_nos: Sequence[str],
    agent_name: str,
    as_of: dt.date | None = None,
    *,
    over_capacity: bool = False,
    progress: Progress | None = None,
) -> HandAssignment:
    """Give the listed cases to one agent; refuse all if the agent is not qualified for any, or
    (unless `over_capacity`) when the agent would hold more open cases than the office's
    capacity. Cases the agent already holds are left as they are."""
    agent, cases, after = assignment_check(session, actor, case_nos, agent_name, as_of)
    moving = [c for c in cases if c.assigned_agent_id != agent.id]
    already = [c.case_no for c in cases if c.assigned_agent_id == agent.id]
    if moving and after.over and not over_capacity:
        raise OverCapacity(after)
    batch = write_assignments(session, actor, [(case, agent) for case in moving], progress)
    return HandAssignment(agent.display_name, len(moving), already, batch)


def assign_by_rule(
    session: Session,
    actor: User,
    rule: str,
    *,
    bucket: str | None = None,
    as_of: dt.date | None = None,
    from_agent: str | None = None,
    progress: Progress | None = None,
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
    query = _rule_cases(holder, bucket)
    summary = AssignSummary()
    field_seen = False
    # Round-robin: each qualified agent gets one case before any gets another, and a round's
    # odd cases go to those holding the fewest open cases, then in name order. Always starting
    # from the first name gave that agent the most urgent case and every run's odd case (with
    # five new cases a day for four agents: twice the others' share).
    rank = {aid: n for n, aid in enumerate(phone_ok)}
    held = Counter(load)
    given: Counter[int] = Counter()
    moves: list[tuple[CaseRow, User | None]] = []
    # As the queue lists them: the cases due now first (Case.waiting), then by score.
    order = (Case.waiting.asc(), Case.score.desc(), Case.id)
    for case in map(CaseRow._make, session.execute(query.order_by(*order))):
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
        moves.append((case, users[chosen]))
        load[chosen] += 1
        summary.got[chosen] += 1
        summary.assigned += 1
    summary.batch = write_assignments(session, actor, moves, progress)
    if summary.assigned or summary.skipped:
        summary.passed_over = {aid: "phone" for aid in agents if aid not in phone_ok}
        if field_seen:
            # Given phone-stage cases, an agent was not left out: only the field-stage ones
            # passed them by (QA: "未获分配" of an agent given 12 of the run's 62 cases).
            summary.passed_over.update(
                {
                    aid: "field_only" if summary.got[aid] else "field"
                    for aid in phone_ok
                    if aid not in field_ok
                }
            )
    return summary


def _rule_cases(holder: User | None, bucket: str | None) -> RowsRead:
    """The open cases a rule run places: the unassigned ones, or `holder`'s; in `bucket`."""
    query = case_rows().where(
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
    return query


def rule_pool_size(session: Session, bucket: str | None, from_agent: str | None = None) -> int:
    """How many cases a rule run would look at (the window runs a big one off its thread)."""
    holder = _holder(session, from_agent) if from_agent else None
    query = _rule_cases(holder, bucket).with_only_columns(func.count())
    return session.scalar(query) or 0
