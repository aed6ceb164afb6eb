"""The office and its settings (settings that belong to the office live in the database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, utcnow


class Office(Base):
    __tablename__ = "office"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200))
    legal_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    jurisdiction: Mapped[str] = mapped_column(String(8), default="cn")
    safety_contact: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """One office setting; value is JSON so typed defaults live in code (app.settings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Sequence(Base):
    """Gap-free office sequences (case, agreement numbers…), bumped in the writing transaction."""

    __tablename__ = "sequence"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)
