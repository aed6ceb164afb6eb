"""Home visits (上门催收): verify, book, visit with two trained agents, agree."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Minor, intpk, utcnow


class VisitStatus(enum.StrEnum):
    REQUESTED = "requested"
    VERIFIED = "verified"
    BOOKED = "booked"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class DefaultReason(enum.StrEnum):
    JOB_LOSS = "job_loss"
    ILLNESS = "illness"
    BUSINESS_FAILURE = "business_failure"
    OVER_INDEBTEDNESS = "over_indebtedness"
    DISPUTE = "dispute"
    FRAUD_SUSPECTED = "fraud_suspected"
    OTHER = "other"


class Visit(Base):
    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint("travel_cost >= 0", name="travel_cost_nonneg"),
        CheckConstraint("hours_minutes >= 0", name="hours_nonneg"),
        CheckConstraint(
            "scheduled_end IS NULL OR scheduled_start IS NULL OR scheduled_end > scheduled_start",
            name="end_after_start",
        ),
        Index("ix_visit_scheduled_start", "scheduled_start"),
    )

    id: Mapped[intpk]
    visit_no: Mapped[str] = mapped_column(String(30), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    status: Mapped[VisitStatus] = mapped_column(
        Enum(VisitStatus, native_enum=False, length=16), default=VisitStatus.REQUESTED
    )
    address: Mapped[str] = mapped_column(String(300), default="")
    # Step 1 — verification, each check recorded.
    identity_verified: Mapped[bool] = mapped_column(default=False)
    address_verified: Mapped[bool] = mapped_column(default=False)
    phone_verified: Mapped[bool] = mapped_column(default=False)
    verified_at: Mapped[dt.datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Step 2 — booking.
    scheduled_start: Mapped[dt.datetime | None]
    scheduled_end: Mapped[dt.datetime | None]
    borrower_agreed: Mapped[bool] = mapped_column(default=False)
    consent_to_enter: Mapped[bool] = mapped_column(default=False)
    at_workplace: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The borrower's agreement to this slot's early or late time (quiet hours): who agreed, when
    # and how. Recorded with the booking (or a move) for that slot only, not a blanket consent.
    quiet_agreed_by: Mapped[str | None] = mapped_column(String(100))
    quiet_agreed_at: Mapped[dt.datetime | None]
    quiet_agreed_how: Mapped[str | None] = mapped_column(String(200))
    booked_at: Mapped[dt.datetime | None]
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Step 3 — the visit itself.
    checked_in_at: Mapped[dt.datetime | None]
    checked_out_at: Mapped[dt.datetime | None]
    late_checkout_resolved_at: Mapped[dt.datetime | None]
    late_checkout_note: Mapped[str | None] = mapped_column(Text)
    default_reason: Mapped[DefaultReason | None] = mapped_column(
        Enum(DefaultReason, native_enum=False, length=20)
    )
    capacity_note: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(200), default="")
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Cost, so the office can see what visits buy.
    travel_cost: Mapped[Minor] = mapped_column(default=0)
    hours_minutes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(default=1)

    agents: Mapped[list[VisitAgent]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )
    incidents: Mapped[list[VisitIncident]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class VisitAgent(Base):
    __tablename__ = "visit_agent"
    __table_args__ = (UniqueConstraint("visit_id", "agent_id", name="uq_visit_agent_pair"),)

    id: Mapped[intpk]
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    lead: Mapped[bool] = mapped_column(default=False)

    visit: Mapped[Visit] = relationship(back_populates="agents")


class VisitIncident(Base):
    __tablename__ = "visit_incident"

    id: Mapped[intpk]
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="incidents")


class FlaggedBooking(Base):
    """A visit booking or move the rules flagged but let through (a warning, or an override with
    the supervisor and their reason): saved with the visit, kept here for the compliance log and
    report as a flagged contact attempt keeps its verdict."""

    __tablename__ = "flagged_booking"
    __table_args__ = (Index("ix_flagged_booking_at", "at"),)

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # who booked or moved it
    action: Mapped[str] = mapped_column(String(20))  # "visit_book" | "visit_reschedule"
    at: Mapped[dt.datetime]  # when it was booked or moved (UTC), not the visit's own time
    verdict: Mapped[str] = mapped_column(String(16))  # "warning" | "needs_override"
    findings: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    ruleset_version_id: Mapped[int | None] = mapped_column(ForeignKey("ruleset_version.id"))
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # The slot this booking or move chose (UTC, as visit.scheduled_start/_end): the visit's own
    # may have moved since. None when not recorded (a flag from before migration 0019 whose
    # audit entry did not keep it).
    slot_start: Mapped[dt.datetime | None]
    slot_end: Mapped[dt.datetime | None]
