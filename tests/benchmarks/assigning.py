"""Assigning by hand on the reference office: every open case to one agent in one transaction,
rolled back (QA: 21,426 cases froze the window 85 s, a saving() check and an audit entry per
case), against the baseline of their audit entries alone, chained as the assignment chains
them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app import audit, settings
from app.cases.assign_write import CHUNK
from app.cases.assignment import assign_cases
from app.models import Case, CaseStatus, User
from app.training import WorkKind, office_training

Op = tuple[str, Callable[[], None], tuple[str, Callable[[], None]] | None, str]


def assign_ops(database: object, user: User) -> list[Op]:
    with database.sessions() as s:  # type: ignore[attr-defined]
        numbers = list(
            s.scalars(
                select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
            )
        )
        states = office_training(s, settings.as_of(s))
        agent = next(a.username for a in states if a.qualified(WorkKind.FIELD))

    def assign_all() -> None:
        with database.sessions() as s:  # type: ignore[attr-defined]
            assign_cases(s, s.get_one(User, user.id), numbers, agent, over_capacity=True)
            s.rollback()

    def entries_alone() -> None:
        with database.sessions() as s:  # type: ignore[attr-defined]
            actor = s.get_one(User, user.id)
            for start in range(0, len(numbers), CHUNK):
                audit.record_many(
                    s,
                    (
                        (actor, "case.assign", "case", n, {"from": None, "to": actor.id}, None)
                        for n in numbers[start : start + CHUNK]
                    ),
                )
            s.rollback()

    name = f"assign {len(numbers):,} cases by hand"
    return [(name, assign_all, ("their audit entries alone", entries_alone), "≤ 3×")]
