"""Gap-free office sequences, bumped inside the writing transaction (case and agreement numbers)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.models import Sequence


def reserve(session: Session, name: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers of sequence `name`; return the first."""
    row = session.get(Sequence, name, with_for_update=True)
    if row is None:
        row = Sequence(name=name, next_value=1)
        session.add(row)
        session.flush()
    first = row.next_value
    session.execute(
        update(Sequence).where(Sequence.name == name).values(next_value=Sequence.next_value + count)
    )
    session.refresh(row)
    return first
