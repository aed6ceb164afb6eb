"""Writing assignments: each case's new agent and its own audit entry, a chunk of cases at a time
(one UPDATE statement run for the chunk's rows, each checked against the version read, and one
chained INSERT of the chunk's entries). Case by case through the ORM — a `saving` check and an
audit entry each, 3–4 ms a case — 21,426 cases took 85 s (found by QA)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import CursorResult, Select, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app import audit
from app.concurrency import stale
from app.models import AssignBatch, AssignBatchCase, Case, CaseStatus, User
from app.models.base import utcnow

HANDED_BACK = "handed back"  # case.assign's "why" when a supervisor put a case back in the queue
UNDONE = (
    "undone"  # case.assign's "why" when an assignment batch was undone (app/cases/assign_undo.py)
)
CHUNK = 500  # cases written and audited together; progress is told after each chunk

# Told (cases done, cases in all) after each chunk; it may raise to stop: nothing is then saved.
Progress = Callable[[int, int], None]


class CaseRow(NamedTuple):
    """What assigning reads of a case (not the whole record: 21,426 of them took 3 s)."""

    id: int
    case_no: str
    status: CaseStatus
    assigned_agent_id: int | None
    dpd: int
    version: int


RowsRead = Select[int, str, CaseStatus, int | None, int, int]


def case_rows() -> RowsRead:
    """The statement reading CaseRow's columns; add the conditions."""
    return select(
        Case.id, Case.case_no, Case.status, Case.assigned_agent_id, Case.dpd, Case.version
    )


_table = cast(Table, Case.__table__)
_UPDATE = (
    update(_table)
    .where(_table.c.id == bindparam("b_id"), _table.c.version == bindparam("b_version"))
    .values(
        assigned_agent_id=bindparam("b_agent"),
        assigned_at=bindparam("b_at"),
        version=bindparam("b_version") + 1,
    )
)


def write_assignments(
    session: Session,
    actor: User,
    moves: Sequence[tuple[CaseRow, User | None]],
    progress: Progress | None = None,
    *,
    undoing: int | None = None,
) -> int | None:
    """Give each case its agent (None: back to the queue, unassigned), each audited as before
    ("case.assign", from → to) with the batch it belongs to; a case changed by someone else since
    it was read raises StaleEdit naming it, and nothing is saved. Returns the batch's id (None
    when nothing moved) — or, `undoing` a batch, writes its undo under that batch's id."""
    if not moves:
        return None
    now = utcnow()
    batch = undoing
    if batch is None:
        record = AssignBatch(user_id=actor.id, at=now, cases=len(moves))
        session.add(record)
        session.flush()
        batch = record.id
    for start in range(0, len(moves), CHUNK):
        chunk = moves[start : start + CHUNK]
        params = [
            {
                "b_id": case.id,
                "b_version": case.version,
                "b_agent": agent.id if agent else None,
                "b_at": now if agent else None,
            }
            for case, agent in chunk
        ]
        written = cast("CursorResult[Any]", session.execute(_UPDATE, params)).rowcount
        if written != len(chunk):
            session.rollback()  # before reading: this chunk's other rows were written
            read = {case.case_no: case.version for case, _ in chunk}
            raise stale(session, "Case", _first_changed(session, read))
        if undoing is None:
            session.execute(
                insert(AssignBatchCase),
                [
                    {
                        "batch_id": batch,
                        "case_id": case.id,
                        "from_agent_id": case.assigned_agent_id,
                        "to_agent_id": agent.id if agent else None,
                    }
                    for case, agent in chunk
                ],
            )
        audit.record_many(
            session,
            (
                (
                    actor,
                    "case.assign",
                    "case",
                    case.case_no,
                    _changes(case, agent, batch, undoing is not None),
                    now,
                )
                for case, agent in chunk
            ),
        )
        if progress is not None:
            progress(start + len(chunk), len(moves))
    _in_session(session, moves, now)
    return batch


def _changes(case: CaseRow, agent: User | None, batch: int, undo: bool) -> dict[str, object]:
    changes: dict[str, object] = {"from": case.assigned_agent_id, "to": agent.id if agent else None}
    if agent is not None:
        changes["agent"] = agent.username
    if undo or agent is None:
        changes["why"] = UNDONE if undo else HANDED_BACK
    return changes | {"batch": batch}


def _in_session(
    session: Session, moves: Sequence[tuple[CaseRow, User | None]], now: object
) -> None:
    """Cases this session holds as records say what was written (a later flush of one would
    otherwise be refused as changed by someone else: its version moved under it)."""
    moved = {case.id: (case, agent) for case, agent in moves}
    for held in list(session.identity_map.values()):
        if isinstance(held, Case) and held.id in moved:
            case, agent = moved[held.id]
            set_committed_value(held, "assigned_agent_id", agent.id if agent else None)
            set_committed_value(held, "assigned_at", now if agent else None)
            set_committed_value(held, "version", case.version + 1)


def _first_changed(session: Session, read: dict[str, int]) -> str:
    """The first case (in the order given) whose version moved since it was read."""
    query = select(Case.case_no, Case.version).where(Case.case_no.in_(list(read)))
    now = {number: version for number, version in session.execute(query)}
    return next((n for n, v in read.items() if now.get(n) != v), next(iter(read)))
