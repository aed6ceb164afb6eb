"""Loan products, loans with their contract clauses, instalments, payments and allocations."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Minor, intpk, utcnow
from app.models.borrower import Borrower
from app.typed_number import reference_key

UNPAID_SQL = "principal_paid + interest_paid + fee_paid < principal_due + interest_due + fee_due"
# What the unpaid-instalment indexes cover after their keys: what is due and paid of each part.
UNPAID_AMOUNTS = (
    "principal_due",
    "principal_paid",
    "interest_due",
    "interest_paid",
    "fee_due",
    "fee_paid",
)
# The late allocations' index: by the payment's date, covering what a report reads of them.
LATE_COLUMNS = ("paid_on", "instalment_id", "principal", "interest", "fee")


class ProductKind(enum.StrEnum):
    CONSUMER = "consumer"  # 个人消费贷款
    STARTUP = "startup"  # 创业贷款
    CREDIT = "credit"  # 信用贷款


class ScheduleType(enum.StrEnum):
    EQUAL_INSTALMENT = "equal_instalment"  # 等额本息 (annuity)
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_ONLY = "interest_only"  # 先息后本 (interest only, then bullet)


class LoanStatus(enum.StrEnum):
    ACTIVE = "active"
    PAID = "paid"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"
    LEGAL = "legal"


# Loans still owed and collected: on the book (a loan in legal too, and it still takes payments).
OWED = (LoanStatus.ACTIVE, LoanStatus.LEGAL)


class LoanProduct(Base):
    __tablename__ = "loan_product"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[ProductKind] = mapped_column(Enum(ProductKind, native_enum=False, length=20))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    schedule_type: Mapped[ScheduleType] = mapped_column(
        Enum(ScheduleType, native_enum=False, length=20)
    )
    annual_rate_bp: Mapped[int]  # nominal annual rate in basis points (1% = 100)
    # The product's stated fee per instalment paid late, kept for reference: Casedesk charges no
    # fee itself; an instalment's fee_due comes with the imported loan book.
    late_fee: Mapped[Minor] = mapped_column(default=0)


class Loan(Base):
    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint("principal > 0", name="principal_positive"),
        CheckConstraint("term_months > 0", name="term_positive"),
        CheckConstraint("annual_rate_bp >= 0", name="rate_nonneg"),
        CheckConstraint("credit_balance >= 0", name="credit_nonneg"),
        # A loan number found whatever its case as typed (ln00001291), as stored by an import
        # in any case (app/queries/search.py): an index lookup, not a scan (migration 0026).
        Index("ix_loan_loan_no_lower", func.lower(text("loan_no"))),
    )

    id: Mapped[intpk]
    loan_no: Mapped[str] = mapped_column(String(30), unique=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrower.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_product.id"))
    principal: Mapped[Minor]
    annual_rate_bp: Mapped[int]
    term_months: Mapped[int]
    schedule_type: Mapped[ScheduleType] = mapped_column(
        Enum(ScheduleType, native_enum=False, length=20)
    )
    disbursed_on: Mapped[dt.date]
    first_due_on: Mapped[dt.date]
    # Contract clauses the borrower consented to.
    home_visit_consent: Mapped[bool] = mapped_column(default=False)
    third_party_consent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[LoanStatus] = mapped_column(
        Enum(LoanStatus, native_enum=False, length=20), default=LoanStatus.ACTIVE, index=True
    )
    closed_on: Mapped[dt.date | None]
    # Overpayment beyond every instalment: kept as credit, never lost.
    credit_balance: Mapped[Minor] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # When the loan was last sent to legal, and when that stretch ended (recalled, or written off
    # while with legal; None while it lasts): a contact logged after the fact is judged by whether
    # the loan was with legal at its time (app/compliance/back_dated.py; migration 0033).
    legal_at: Mapped[dt.datetime | None]
    legal_ended_at: Mapped[dt.datetime | None]

    borrower: Mapped[Borrower] = relationship()
    product: Mapped[LoanProduct] = relationship()
    instalments: Mapped[list[Instalment]] = relationship(
        back_populates="loan", order_by="Instalment.seq", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="loan", order_by="Payment.paid_on, Payment.id"
    )


class Instalment(Base):
    """One scheduled instalment; the *_paid columns are running totals of its allocations."""

    __tablename__ = "instalment"
    __table_args__ = (
        UniqueConstraint("loan_id", "seq", name="uq_instalment_loan_seq"),
        CheckConstraint(
            "principal_due >= 0 AND interest_due >= 0 AND fee_due >= 0", name="dues_nonneg"
        ),
        CheckConstraint(
            "principal_paid BETWEEN 0 AND principal_due AND interest_paid BETWEEN 0 AND "
            "interest_due AND fee_paid BETWEEN 0 AND fee_due",
            name="paid_within_due",
        ),
        Index("ix_instalment_due_on", "due_on"),
        # Unpaid instalments only, with every column the queue's overdue pass reads: the
        # rebuild scans the range of overdue-unpaid entries in this index, never the whole
        # schedule (it groups by loan_id + 0 so that SQLite takes this range without statistics).
        Index(
            "ix_instalment_unpaid",
            "due_on",
            "loan_id",
            *UNPAID_AMOUNTS,
            sqlite_where=text(UNPAID_SQL),
            postgresql_where=text(UNPAID_SQL),
        ),
        # The same entries led by the loan: a loan's outstanding and next due date, which the
        # Loans list sorts every loan by, are read from its few unpaid entries here, never from
        # the table (app/queries/loans.py).
        Index(
            "ix_instalment_unpaid_by_loan",
            "loan_id",
            "due_on",
            *UNPAID_AMOUNTS,
            sqlite_where=text(UNPAID_SQL),
            postgresql_where=text(UNPAID_SQL),
        ),
    )

    id: Mapped[intpk]
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="CASCADE"))
    seq: Mapped[int]
    due_on: Mapped[dt.date]
    principal_due: Mapped[Minor]
    interest_due: Mapped[Minor]
    fee_due: Mapped[Minor] = mapped_column(default=0)
    principal_paid: Mapped[Minor] = mapped_column(default=0)
    interest_paid: Mapped[Minor] = mapped_column(default=0)
    fee_paid: Mapped[Minor] = mapped_column(default=0)
    paid_off_on: Mapped[dt.date | None]

    loan: Mapped[Loan] = relationship(back_populates="instalments")

    @property
    def total_due(self) -> int:
        return self.principal_due + self.interest_due + self.fee_due

    @property
    def total_paid(self) -> int:
        return self.principal_paid + self.interest_paid + self.fee_paid

    @property
    def outstanding(self) -> int:
        return self.total_due - self.total_paid


def _reference_key_of_row(context: Any) -> str | None:
    """The key of the reference an INSERT stores, where the writer did not give it."""
    return reference_key(context.get_current_parameters().get("reference"))


class Payment(Base):
    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("credit_amount >= 0 AND credit_amount <= amount", name="credit_within"),
        Index("ix_payment_loan_paid_on", "loan_id", "paid_on"),
        # With the loan: the loans paid in a period from the index alone (migration 0029).
        Index("ix_payment_paid_on", "paid_on", "loan_id"),
        # A reference typed in another case or in full width is the same bank transaction
        # (migration 0031): the duplicate checks read this index.
        Index("ix_payment_reference_key", "reference_key"),
    )

    id: Mapped[intpk]
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"))
    paid_on: Mapped[dt.date]
    amount: Mapped[Minor]
    method: Mapped[str] = mapped_column(String(20), default="transfer")
    reference: Mapped[str | None] = mapped_column(String(60), unique=True)
    # `reference_key(reference)` (app/typed_number.py): tx-999, TX-999 and ＴＸ－９９９ are one.
    # Not unique: an office may hold two such references posted before 0031; the posting and the
    # import refuse a third.
    reference_key: Mapped[str | None] = mapped_column(Text, default=_reference_key_of_row)
    # Part of the amount left over after every instalment was paid: the loan's credit.
    credit_amount: Mapped[Minor] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    loan: Mapped[Loan] = relationship(back_populates="payments")
    allocations: Mapped[list[PaymentAllocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan"
    )


class PaymentAllocation(Base):
    """How much of one payment went to one instalment's fee, interest and principal.

    `paid_on` is the payment's date, and `late` says the instalment was already due before it.
    Only late allocations can change what was overdue at a past date: a report reads those of
    the payments after a date from one small covering index (ix_payment_allocation_late) instead
    of looking up the payment and the instalment of every allocation
    (app/reporting/positions.py). A payment's date and an instalment's due date never change."""

    __tablename__ = "payment_allocation"
    __table_args__ = (
        CheckConstraint("fee >= 0 AND interest >= 0 AND principal >= 0", name="parts_nonneg"),
        Index("ix_payment_allocation_instalment_id", "instalment_id"),
        Index(
            "ix_payment_allocation_late",
            *LATE_COLUMNS,
            sqlite_where=text("late = 1"),  # as SQLAlchemy writes `.where(late)` for SQLite
            postgresql_where=text("late"),
        ),
    )

    id: Mapped[intpk]
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payment.id", ondelete="CASCADE"), index=True
    )
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalment.id", ondelete="CASCADE"))
    fee: Mapped[Minor] = mapped_column(default=0)
    interest: Mapped[Minor] = mapped_column(default=0)
    principal: Mapped[Minor] = mapped_column(default=0)
    paid_on: Mapped[dt.date | None]  # always written; nullable only as migration 0009 added it
    late: Mapped[bool] = mapped_column(default=False, server_default="0")

    payment: Mapped[Payment] = relationship(back_populates="allocations")


class LoanReinstatement(Base):
    """A write-off that was undone: the loan was off the book from `written_off_on` to the day
    before `reinstated_on`. A loan written off now says so itself (status, closed_on); this keeps
    the earlier ones, which a reinstatement clears from the loan, so that a report of a past
    period still sees the loan written off then (app/reporting/positions.py)."""

    __tablename__ = "loan_reinstatement"
    __table_args__ = (
        CheckConstraint("written_off_on <= reinstated_on", name="reinstated_after"),
        CheckConstraint("owed >= 0", name="owed_nonneg"),
    )

    id: Mapped[intpk]
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="CASCADE"), index=True)
    written_off_on: Mapped[dt.date]
    reinstated_on: Mapped[dt.date]
    owed: Mapped[Minor]  # what was written off (a written-off loan takes no payment)
