"""A case: one loan's collection file, from the first missed instalment to closure."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    and_,
    false,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Minor, intpk, utcnow
from app.models.loan import Loan
from app.models.user import User


class CaseStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    PROMISE = "promise"
    PROMISE_BROKEN = "promise_broken"
    VISIT_BOOKED = "visit_booked"
    AGREEMENT = "agreement"
    # An agreement breached and nothing done since (app/cases/rebuild.py). Stored by name in a
    # VARCHAR(20) with no CHECK constraint (native_enum=False): no migration needed.
    AGREEMENT_BREACHED = "agreement_breached"
    PAUSED = "paused"
    LEGAL = "legal"
    CLOSED = "closed"


class CloseReason(enum.StrEnum):
    CURED = "cured"
    PAID = "paid"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"
    LEGAL = "legal"


class Case(Base):
    __tablename__ = "case"
    __table_args__ = (
        CheckConstraint("dpd >= 0", name="dpd_nonneg"),
        CheckConstraint("amount_overdue >= 0", name="overdue_nonneg"),
        Index("ix_case_status", "status"),  # not the score: rewritten daily (migration 0008)
        Index("ix_case_agent_status", "assigned_agent_id", "status"),
    )

    id: Mapped[intpk]
    case_no: Mapped[str] = mapped_column(String(30), unique=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(
        Enum(CaseStatus, native_enum=False, length=20), default=CaseStatus.NEW
    )
    opened_on: Mapped[dt.date]
    closed_on: Mapped[dt.date | None]
    close_reason: Mapped[CloseReason | None] = mapped_column(
        Enum(CloseReason, native_enum=False, length=20)
    )
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assigned_at: Mapped[dt.datetime | None]
    next_action_on: Mapped[dt.date | None]
    # Figures as of `computed_as_of`, refreshed by the queue rebuild.
    computed_as_of: Mapped[dt.date | None]
    dpd: Mapped[int] = mapped_column(default=0)
    bucket: Mapped[str] = mapped_column(String(8), default="")
    amount_overdue: Mapped[Minor] = mapped_column(default=0)
    score: Mapped[int] = mapped_column(default=0)
    score_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    paused: Mapped[bool] = mapped_column(default=False)
    # Listed after every case due now (QUEUE_ORDER's first term): the next action falls after
    # the date the queue was scored for, or the case is held (an open complaint's pause, legal).
    # Written with the score by the rebuild (app/cases/rebuild.py), so it is as of that date.
    waiting: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_contact_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    loan: Mapped[Loan] = relationship()
    assigned_agent: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


# The open cases in the queue's order (QUEUE_ORDER in app/queries/cases.py: the cases due now,
# then the waiting ones, each by score), as a partial index:
# the first screen of the queue reads its top rows and stops, however big the office. The index
# is opt-in: its condition has a term that is always true (dpd >= 0, the dpd_nonneg check), so
# only a query that says IS_OPEN uses it. Any other query on open cases (the rebuild reads every
# one of them) would otherwise walk it in score order, fetching rows scattered over the table.
# Constants, not bound parameters, so the database can match them; the enum is stored by name.
# (Not "score IS NOT NULL": SQLite drops that term for a NOT NULL column before matching.)
OPEN_SQL = "status <> 'CLOSED' AND dpd >= 0"
IS_OPEN = and_(Case.status != literal_column("'CLOSED'"), Case.dpd >= literal_column("0"))

Index(
    "ix_case_queue",
    Case.waiting,
    Case.score.desc(),
    Case.dpd.desc(),
    Case.amount_overdue.desc(),
    Case.id,
    sqlite_where=text(OPEN_SQL),
    postgresql_where=text(OPEN_SQL),
)


class CaseNote(Base):
    """A note written on a case outside any contact ("his sister says he works in Shenzhen now"):
    append-only, never edited or deleted (a correction is a new note); its text is blanked when
    the borrower's personal data are erased (app/erasure.py)."""

    __tablename__ = "case_note"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
