"""Undoing an assignment batch (a wrong agent picked for 500 cases): each case still with the agent
the batch gave it goes back to the holder it had before (or back to the queue, unassigned, as it
was); a case reassigned or closed since is left as it is and counted. One transaction, each case
audited as a `case.assign` whose "why" is "undone", naming the batch."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import settings
from app.auth import Permission, require
from app.cases.assign_write import CaseRow, Progress, case_rows, write_assignments
from app.errors import NotFound, ValidationError
from app.i18n import plural, sentences
from app.models import AssignBatch, AssignBatchCase, Case, CaseStatus, User
from app.models.base import utcnow
from app.office import office_today
from app.training import WorkKind, office_training


@dataclass(frozen=True)
class UndoneAssignment:
    """What undoing a batch did: how many cases went back, and how many it left and why."""

    batch: int
    restored: int
    moved: int = 0  # with another agent (or handed back) since the batch
    closed: int = 0
    gone: int = 0  # their previous agent's account is no longer active: left with the batch's
    untrained: int = 0  # their previous agent's required training has lapsed: left likewise

    @property
    def left(self) -> int:
        return self.moved + self.closed + self.gone + self.untrained


def batch_size(session: Session, batch_id: int) -> int:
    """How many cases the batch moved (0 for no such batch): the window's question and progress."""
    return session.scalar(select(AssignBatch.cases).where(AssignBatch.id == batch_id)) or 0


def undo_assignment(
    session: Session, actor: User, batch_id: int, progress: Progress | None = None
) -> UndoneAssignment:
    """Give each case of the batch back to its previous holder where it is still with the agent
    the batch gave it; refuse a batch undone already, or one where no case can go back."""
    require(actor, Permission.ASSIGN_CASES)
    batch = session.get(AssignBatch, batch_id)
    if batch is None:
        raise NotFound("No assignment numbered {batch}.", batch=batch_id)
    if batch.undone_at is not None:
        raise ValidationError("Assignment {batch} has been undone already.", batch=batch_id)
    query = (
        case_rows()
        .add_columns(AssignBatchCase.from_agent_id, AssignBatchCase.to_agent_id)
        .join_from(AssignBatchCase, Case, Case.id == AssignBatchCase.case_id)
        .where(AssignBatchCase.batch_id == batch_id)
        .order_by(AssignBatchCase.case_id)
    )
    rows = [(CaseRow._make(r[:6]), r[6], r[7]) for r in session.execute(query)]
    before = {holder for _, holder, _ in rows if holder is not None}
    active = {
        u.id: u for u in session.scalars(select(User).where(User.id.in_(before), User.active))
    }
    # Training as assigning checks it (app/cases/assignment.py): phone work for every case,
    # field work too for a field-stage one, as of the office's today.
    trained = {a.agent_id: a for a in office_training(session, office_today(session), active)}
    field_min = int(settings.get(session, "queue.field_stage_min_dpd"))

    def fit(holder: int, case: CaseRow) -> bool:
        state = trained.get(holder)
        return (
            state is not None
            and state.qualified(WorkKind.PHONE)
            and (case.dpd < field_min or state.qualified(WorkKind.FIELD))
        )

    moves: list[tuple[CaseRow, User | None]] = []
    moved = closed = gone = untrained = 0
    for case, holder, given in rows:
        if case.status is CaseStatus.CLOSED:
            closed += 1
        elif case.assigned_agent_id != given:
            moved += 1
        elif holder is not None and holder not in active:
            gone += 1
        elif holder is not None and not fit(holder, case):
            untrained += 1
        else:
            moves.append((case, active[holder] if holder is not None else None))
    if not moves:
        raise ValidationError(
            "Nothing to undo: every case of assignment {batch} was reassigned or closed since, "
            "or its previous agent is no longer active or no longer trained for it.",
            batch=batch_id,
        )
    done = session.execute(
        update(AssignBatch)
        .where(AssignBatch.id == batch_id, AssignBatch.undone_at.is_(None))
        .values(undone_at=utcnow(), undone_by_id=actor.id)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise ValidationError("Assignment {batch} has been undone already.", batch=batch_id)
    write_assignments(session, actor, moves, progress, undoing=batch_id)
    return UndoneAssignment(batch_id, len(moves), moved, closed, gone, untrained)


def undone_text(result: UndoneAssignment) -> str:
    """The result in words: how many went back, then each kind of case left as it was."""
    return sentences(
        [
            plural(
                result.restored,
                "Assignment undone: {count} case is back with its previous agent, or unassigned "
                "as it was.",
                "Assignment undone: {count} cases are back with their previous agents, or "
                "unassigned as they were.",
            ),
            plural(
                result.moved,
                "{count} case was left as it is: it was reassigned since.",
                "{count} cases were left as they are: they were reassigned since.",
            )
            if result.moved
            else "",
            plural(
                result.closed,
                "{count} case was left as it is: it is closed.",
                "{count} cases were left as they are: they are closed.",
            )
            if result.closed
            else "",
            plural(
                result.gone,
                "{count} case stays with its agent: its previous agent is no longer active.",
                "{count} cases stay with their agent: their previous agents are no longer active.",
            )
            if result.gone
            else "",
            plural(
                result.untrained,
                "{count} case stays with its agent: its previous agent's required training has "
                "lapsed.",
                "{count} cases stay with their agent: their previous agents' required training "
                "has lapsed.",
            )
            if result.untrained
            else "",
        ]
    )
