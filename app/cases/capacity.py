"""The office's capacity (`assign.capacity_per_agent`, open cases per agent) when cases are
assigned by hand: the rule by capacity kept to it, but choosing cases and an agent did not, and
an agent went from 453 to 21,426 open cases without a word (found by QA)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import settings
from app.cases.assign_write import CaseRow
from app.errors import ValidationError
from app.models import Case, CaseStatus, User


def open_load(session: Session, agent_id: int) -> int:
    """How many open cases the agent holds now."""
    return (
        session.scalar(
            select(func.count()).where(
                Case.assigned_agent_id == agent_id, Case.status != CaseStatus.CLOSED
            )
        )
        or 0
    )


def open_loads(session: Session) -> dict[int, int]:
    """Open cases held, by agent id (an agent with none is absent)."""
    return dict(
        session.execute(  # type: ignore[arg-type]
            select(Case.assigned_agent_id, func.count())
            .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_not(None))
            .group_by(Case.assigned_agent_id)
        ).all()
    )


@dataclass(frozen=True)
class LoadAfter:
    agent: str  # the name the window shows
    load: int  # open cases the agent would hold
    capacity: int

    @property
    def over(self) -> bool:
        return self.load > self.capacity


def load_after(session: Session, agent: User, cases: Sequence[CaseRow]) -> LoadAfter:
    """What the agent would hold once given `cases` (those already theirs counted once)."""
    new = sum(1 for c in cases if c.assigned_agent_id != agent.id)
    capacity = int(settings.get(session, "assign.capacity_per_agent"))
    return LoadAfter(agent.display_name, open_load(session, agent.id) + new, capacity)


class OverCapacity(ValidationError):
    """Assigning would take the agent past the office's capacity; nothing was saved."""

    def __init__(self, after: LoadAfter) -> None:
        super().__init__(
            "{agent} would hold {load} open cases; the office's capacity is {capacity}.",
            agent=after.agent,
            load=f"{after.load:,}",
            capacity=f"{after.capacity:,}",
        )
        self.after = after
