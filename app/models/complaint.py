"""Complaints (投诉) from borrowers, relatives or regulators; an open one pauses contact."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, Enum, ForeignKey, String, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, utcnow


class ComplaintCategory(enum.StrEnum):
    HARASSMENT = "harassment"
    THIRD_PARTY_DISCLOSURE = "third_party_disclosure"
    THREATS = "threats"
    WRONG_PERSON = "wrong_person"
    PRIVACY = "privacy"
    FEES_DISPUTE = "fees_dispute"
    OTHER = "other"


class ComplaintStatus(enum.StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    REJECTED = "rejected"


class Complaint(Base):
    __tablename__ = "complaint"

    id: Mapped[intpk]
    complaint_no: Mapped[str] = mapped_column(String(30), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    received_on: Mapped[dt.date]
    source: Mapped[str] = mapped_column(
        String(20), default="borrower"
    )  # borrower/relative/regulator
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    category: Mapped[ComplaintCategory] = mapped_column(
        Enum(ComplaintCategory, native_enum=False, length=30)
    )
    complex: Mapped[bool] = mapped_column(default=False)
    deadline_on: Mapped[dt.date]
    status: Mapped[ComplaintStatus] = mapped_column(
        Enum(ComplaintStatus, native_enum=False, length=16), default=ComplaintStatus.OPEN
    )
    description: Mapped[str] = mapped_column(Text, default="")
    investigation_notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[dt.date | None]
    pauses_contact: Mapped[bool] = mapped_column(default=True)
    pause_lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    pause_lifted_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def pausing_now(cls) -> ColumnElement[bool]:
        """SQL: the complaint pauses contact on its case now (open or under investigation, its
        pause not lifted). OR, not IN: a literal IN list is expanded again on every execution of
        a prepared statement (app/compliance/prepared.py)."""
        return and_(
            cls.pauses_contact,
            cls.pause_lifted_at.is_(None),
            or_(cls.status == ComplaintStatus.OPEN, cls.status == ComplaintStatus.INVESTIGATING),
        )
