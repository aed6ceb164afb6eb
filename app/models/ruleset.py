"""Versions of the compliance rule set in force; every verdict records the one it used."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, intpk, utcnow


class RuleSetVersion(Base):
    __tablename__ = "ruleset_version"
    __table_args__ = (UniqueConstraint("jurisdiction", "version", name="uq_ruleset_version_jv"),)

    id: Mapped[intpk]
    jurisdiction: Mapped[str] = mapped_column(String(8))
    version: Mapped[str] = mapped_column(String(40))
    effective_on: Mapped[dt.date]
    content: Mapped[str] = mapped_column(Text)  # the TOML text as loaded
    active: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def label(self) -> str:
        """How reports and messages name it: "CN 2026.2-r3"."""
        return f"{self.jurisdiction.upper()} {self.version}"
