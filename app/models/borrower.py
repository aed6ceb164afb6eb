"""Borrowers, their phones and addresses, related persons, and their stop flags."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, LargeBinary, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.models.base import Base, intpk, utcnow
from app.names import name_pinyin, name_typed


class Segment(enum.StrEnum):
    YOUNG = "young"  # young consumers
    MATURE = "mature"  # middle-aged and elderly
    SMALL_BUSINESS = "small_business"  # small-business owners


class Relationship(enum.StrEnum):
    GUARANTOR = "guarantor"
    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    RELATIVE = "relative"
    EMPLOYER = "employer"
    COLLEAGUE = "colleague"
    FRIEND = "friend"
    # The borrower's own lawyer: contacted as the stop list asks, not a third party
    # (app/compliance/third_party_rules.py). Stored by name, as the others: no migration.
    LAWYER = "lawyer"
    OTHER = "other"


# Compared byte by byte, as SQLite does: a PostgreSQL database whose collation is a libc locale
# (en_US.UTF-8, zh_CN.UTF-8) skips spaces at first, and would put 张安 (zhang an) before 詹刚
# (zhan gang).
PINYIN = String(700).with_variant(String(700, collation="C"), "postgresql")


class Borrower(Base):
    __tablename__ = "borrower"
    __table_args__ = (
        # Lists sort names in pinyin order; the name breaks a tie of spellings (张三 and 章三).
        Index("ix_borrower_name_pinyin", "name_pinyin", "name"),
        # What a search by name, pinyin or borrower number reads: a scan of this index is a
        # fraction of the table's pages (the queue's search by name, 65 ms → 25 ms).
        Index("ix_borrower_search", "name", "name_typed", "borrower_no"),
    )

    id: Mapped[intpk]
    borrower_no: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100))  # looked up through ix_borrower_search
    # The name in pinyin ("zhang san"), what lists sort by, and spelled whole with its initials
    # ("zhangsan zs"), what a typed pinyin finds; written with the name (app/names.py).
    name_pinyin: Mapped[str] = mapped_column(PINYIN, default="", server_default="")
    name_typed: Mapped[str] = mapped_column(String(800), default="", server_default="")
    national_id: Mapped[str] = mapped_column(String(18))
    # Keyed hash of the normalised ID number: search by full ID without scanning or showing it.
    national_id_hash: Mapped[str] = mapped_column(String(64), index=True)
    birth_date: Mapped[dt.date | None]
    gender: Mapped[str] = mapped_column(String(1), default="")
    segment: Mapped[Segment] = mapped_column(Enum(Segment, native_enum=False, length=20))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    employer: Mapped[str] = mapped_column(String(200), default="")
    # Stop flags (compliance): each stops one kind of contact.
    contact_refused: Mapped[bool] = mapped_column(default=False)
    has_lawyer: Mapped[bool] = mapped_column(default=False)
    do_not_visit: Mapped[bool] = mapped_column(default=False)
    do_not_call_at_work: Mapped[bool] = mapped_column(default=False)
    e_opt_out: Mapped[bool] = mapped_column(default=False)
    vulnerable: Mapped[bool] = mapped_column(default=False)
    quiet_hours_consent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    phones: Mapped[list[Phone]] = relationship(
        back_populates="borrower", order_by="Phone.id", cascade="all, delete-orphan"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="borrower", order_by="Address.id", cascade="all, delete-orphan"
    )
    related_persons: Mapped[list[RelatedPerson]] = relationship(
        back_populates="borrower", order_by="RelatedPerson.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _spell(self, _key: str, name: str) -> str:
        """Keep the stored spelling with the name, however the name is set."""
        self.name_pinyin, self.name_typed = name_pinyin(name), name_typed(name)
        return name


class Phone(Base):
    __tablename__ = "phone"
    __table_args__ = (
        CheckConstraint("kind in ('mobile','home','work')", name="kind"),
        Index("ix_phone_number", "number"),
    )

    id: Mapped[intpk]
    borrower_id: Mapped[int] = mapped_column(
        ForeignKey("borrower.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(20))  # E.164, e.g. +8613812345678
    kind: Mapped[str] = mapped_column(String(10), default="mobile")
    is_primary: Mapped[bool] = mapped_column(default=False)
    valid: Mapped[bool] = mapped_column(default=True)
    # When the borrower last confirmed the number theirs (app/phone_confirm.py): the rule
    # number_found_invalid reads it as their answering a call on it then.
    confirmed_at: Mapped[dt.datetime | None]

    borrower: Mapped[Borrower] = relationship(back_populates="phones")


class Address(Base):
    __tablename__ = "address"
    __table_args__ = (CheckConstraint("kind in ('home','work','registered')", name="kind"),)

    id: Mapped[intpk]
    borrower_id: Mapped[int] = mapped_column(
        ForeignKey("borrower.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12), default="home")
    line: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(60), default="")
    province: Mapped[str] = mapped_column(String(60), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    verified_on: Mapped[dt.date | None]

    borrower: Mapped[Borrower] = relationship(back_populates="addresses")


class RelatedPerson(Base):
    """Guarantors, relatives, employers: third parties, contacted only under the rule set."""

    __tablename__ = "related_person"

    id: Mapped[intpk]
    borrower_id: Mapped[int] = mapped_column(
        ForeignKey("borrower.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    relation: Mapped[Relationship] = mapped_column(Enum(Relationship, native_enum=False, length=20))
    phone: Mapped[str] = mapped_column(String(20), default="")
    consent_to_contact: Mapped[bool] = mapped_column(default=False)
    do_not_contact: Mapped[bool] = mapped_column(default=False)
    # False once removed while contacts with them remain (app/related_persons.py, migration
    # 0028): kept for those contacts' history, no longer listed nor offered for a new contact.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    borrower: Mapped[Borrower] = relationship(back_populates="related_persons")


class BorrowerErasure(Base):
    """A borrower whose personal data were erased, their records being past their retention
    (app/erasure.py, migration 0022): names, ID number, phones, addresses and notes are gone and
    nothing new is recorded about them. A table of its own rather than a column of the borrower:
    the borrower's rows are written whole, column by column, by the demo office's builder."""

    __tablename__ = "borrower_erasure"

    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrower.id"), primary_key=True)
    erased_at: Mapped[dt.datetime]
    erased_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class BorrowerKey(Base):
    """A borrower's own data key (migration 0023): the audit trail keeps their personal data
    sealed with it (app/audit_seal.py), and their erasure deletes it, so those values can no
    longer be read while the chain of hashes over them stays whole."""

    __tablename__ = "borrower_key"

    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrower.id"), primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))
