"""Contact attempts (call, SMS, letter, visit try) with their verdicts, and promises to pay."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Minor, intpk, utcnow


class Channel(enum.StrEnum):
    CALL = "call"
    SMS = "sms"
    LETTER = "letter"
    VISIT = "visit"


class Party(enum.StrEnum):
    BORROWER = "borrower"
    GUARANTOR = "guarantor"
    RELATIVE = "relative"
    EMPLOYER = "employer"
    OTHER = "other"


class Outcome(enum.StrEnum):
    CONNECTED = "connected"  # a conversation took place
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    INVALID_NUMBER = "invalid_number"
    REFUSED = "refused"
    DELIVERED = "delivered"  # SMS / letter sent
    FAILED = "failed"


class VerdictKind(enum.StrEnum):
    ALLOWED = "allowed"
    WARNING = "warning"
    NEEDS_OVERRIDE = "needs_override"
    BLOCKED = "blocked"


class PromiseStatus(enum.StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    PARTIAL = "partial"
    BROKEN = "broken"


# A promise not kept: paid nothing, or only part of what was promised. Either puts the case
# among the broken promises (its status, its priority, the dashboard) — a borrower who promised
# 500.00 and paid 1.00 is no more "contacted" than one who paid nothing.
PROMISE_NOT_KEPT = (PromiseStatus.BROKEN, PromiseStatus.PARTIAL)


class ContactAttempt(Base):
    __tablename__ = "contact_attempt"
    __table_args__ = (
        Index("ix_contact_attempt_case_at", "case_id", "at"),
        Index("ix_contact_attempt_phone_at", "phone_number", "at"),
        Index("ix_contact_attempt_verdict_at", "verdict", "at"),
        # A report header's versions that judged a period: one seek per version.
        Index("ix_contact_attempt_version_at", "ruleset_version_id", "at"),
        # Covering: the compliance report's grouped passes over a period read the index alone
        # (a month's attempts are scattered over the whole table).
        Index(
            "ix_contact_attempt_at_cover",
            "at",
            "channel",
            "outcome",
            "party",
            "case_id",
            "phone_number",
            "agent_id",
            "verdict",
            "ruleset_version_id",
        ),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=10))
    party: Mapped[Party] = mapped_column(Enum(Party, native_enum=False, length=12))
    related_person_id: Mapped[int | None] = mapped_column(ForeignKey("related_person.id"))
    phone_number: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[dt.datetime]
    outcome: Mapped[Outcome] = mapped_column(Enum(Outcome, native_enum=False, length=16))
    notes: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[VerdictKind] = mapped_column(
        Enum(VerdictKind, native_enum=False, length=16), default=VerdictKind.ALLOWED
    )
    # Findings of the compliance check: [{"rule": id, "severity": …, "key": msgid, "params": {…}}]
    findings: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    ruleset_version_id: Mapped[int | None] = mapped_column(ForeignKey("ruleset_version.id"))
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BlockedAttempt(Base):
    """An attempt the rules refused: nothing else was saved, but the compliance report needs it."""

    __tablename__ = "blocked_attempt"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=10))
    party: Mapped[Party] = mapped_column(Enum(Party, native_enum=False, length=12))
    # What was refused when it was not a contact: "visit_book" or "visit_reschedule" (a visit's
    # blocks before migration 0018 may have none: a booking or a move, not known which).
    action: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(index=True)
    findings: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)
    ruleset_version_id: Mapped[int | None] = mapped_column(ForeignKey("ruleset_version.id"))
    # A visit booking's or move's refused slot (UTC, as visit.scheduled_start/_end); None for a
    # contact, and for a visit's block from before migration 0019 the trail did not date.
    slot_start: Mapped[dt.datetime | None]
    slot_end: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Promise(Base):
    __tablename__ = "promise"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid_amount >= 0", name="paid_nonneg"),
        Index("ix_promise_case_due", "case_id", "due_on"),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    contact_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("contact_attempt.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    amount: Mapped[Minor]
    due_on: Mapped[dt.date]
    status: Mapped[PromiseStatus] = mapped_column(
        Enum(PromiseStatus, native_enum=False, length=10), default=PromiseStatus.PENDING
    )
    paid_amount: Mapped[Minor] = mapped_column(default=0)
    evaluated_on: Mapped[dt.date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    contact_attempt: Mapped[ContactAttempt | None] = relationship()
