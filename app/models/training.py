"""Courses and agents' training records (培训): validity, pass mark, which work requires them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, intpk, utcnow


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("validity_months > 0", name="validity_positive"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark_range"),
        CheckConstraint("required_for in ('none','phone','field','all')", name="required_for"),
    )

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    validity_months: Mapped[int] = mapped_column(default=12)
    pass_mark: Mapped[int] = mapped_column(default=60)
    required_for: Mapped[str] = mapped_column(String(10), default="all")
    active: Mapped[bool] = mapped_column(default=True)


class TrainingRecord(Base):
    __tablename__ = "training_record"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        Index("ix_training_record_agent_course", "agent_id", "course_id", "taken_on"),
    )

    id: Mapped[intpk]
    agent_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    taken_on: Mapped[dt.date]
    score: Mapped[int]
    passed: Mapped[bool]
    expires_on: Mapped[dt.date | None]  # None when failed: a failed attempt renews nothing
    trainer: Mapped[str] = mapped_column(String(100), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    course: Mapped[Course] = relationship()
