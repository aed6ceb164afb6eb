"""An assignment batch: the cases one assignment gave (or handed back) at once, each with the
holder it had before, so the whole batch can be undone (app/cases/assign_undo.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, utcnow


class AssignBatch(Base):
    """One assignment of one or many cases: who made it and when; undone once, by whom."""

    __tablename__ = "assign_batch"

    id: Mapped[intpk]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    cases: Mapped[int] = mapped_column(default=0)
    undone_at: Mapped[dt.datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class AssignBatchCase(Base):
    """One case of a batch: its holder before the batch (None: unassigned) and the one it gave."""

    __tablename__ = "assign_batch_case"

    batch_id: Mapped[int] = mapped_column(ForeignKey("assign_batch.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), primary_key=True)
    from_agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    to_agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
