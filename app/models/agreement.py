"""Repayment agreements (还款协议): settlement or instalment plan, watched like promises."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Minor, intpk, utcnow


class AgreementKind(enum.StrEnum):
    SETTLEMENT = "settlement"
    INSTALMENT_PLAN = "instalment_plan"


class AgreementStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SIGNED = "signed"
    ACTIVE = "active"
    COMPLETED = "completed"
    BREACHED = "breached"
    CANCELLED = "cancelled"


class Agreement(Base):
    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("settled_amount > 0", name="settled_positive"),
        CheckConstraint("waiver_amount >= 0", name="waiver_nonneg"),
        CheckConstraint("debt_amount >= settled_amount", name="settled_within_debt"),
    )

    id: Mapped[intpk]
    agreement_no: Mapped[str] = mapped_column(String(30), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    kind: Mapped[AgreementKind] = mapped_column(Enum(AgreementKind, native_enum=False, length=20))
    status: Mapped[AgreementStatus] = mapped_column(
        Enum(AgreementStatus, native_enum=False, length=12), default=AgreementStatus.DRAFT
    )
    debt_amount: Mapped[Minor]  # what was owed when drafted
    settled_amount: Mapped[Minor]  # what the borrower agrees to pay
    waiver_amount: Mapped[Minor] = mapped_column(default=0)
    stated_reason: Mapped[str] = mapped_column(Text, default="")
    stated_capacity: Mapped[str] = mapped_column(Text, default="")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[dt.datetime | None]
    signed_on: Mapped[dt.date | None]
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # When its debt was last taken: None at its drafting (created_at), else when an edit moved a
    # draft's terms to what the loan owed then. Payments recorded after it count toward the plan
    # (app.agreements.common.counts_toward); those before it are off the debt already.
    debt_taken_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    instalments: Mapped[list[AgreementInstalment]] = relationship(
        back_populates="agreement", order_by="AgreementInstalment.seq", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class AgreementInstalment(Base):
    __tablename__ = "agreement_instalment"
    __table_args__ = (
        UniqueConstraint("agreement_id", "seq", name="uq_agreement_instalment_seq"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid_amount >= 0", name="paid_nonneg"),
    )

    id: Mapped[intpk]
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    seq: Mapped[int]
    due_on: Mapped[dt.date]
    amount: Mapped[Minor]
    paid_amount: Mapped[Minor] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="pending")

    agreement: Mapped[Agreement] = relationship(back_populates="instalments")
