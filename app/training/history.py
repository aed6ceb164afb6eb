"""Training history per agent, certifications about to expire, correcting a record, and the
import template: what the Agents & training page reads and writes (no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.errors import NotFound
from app.models import Course, TrainingRecord, User
from app.notes import clean_text
from app.office import office_today
from app.training.records import (
    check_score,
    check_taken_on,
    check_trainer,
    record_training,
    validate_record,
)
from app.training.status import EXPIRING_DAYS, CourseStatus, expiry_for, office_training


@dataclass(frozen=True)
class RecordRow:
    """One attempt at a course, as the history table shows it."""

    record_id: int
    agent_id: int
    course_id: int
    course_code: str
    name_zh: str
    name_en: str
    taken_on: dt.date
    score: int
    passed: bool
    expires_on: dt.date | None
    trainer: str
    evidence: str

    def course_name(self, lang: str) -> str:
        return self.name_zh if lang == "zh_CN" else self.name_en


@dataclass(frozen=True)
class CourseOption:
    """An active course, for choosing one when recording training."""

    course_id: int
    code: str
    name_zh: str
    name_en: str
    pass_mark: int
    validity_months: int
    required_for: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh_CN" else self.name_en


class ExpiringCertificate(NamedTuple):
    display_name: str
    username: str
    name_zh: str
    name_en: str
    expires_on: dt.date


def _row(record: TrainingRecord, course: Course) -> RecordRow:
    return RecordRow(
        record.id,
        record.agent_id,
        course.id,
        course.code,
        course.name_zh,
        course.name_en,
        record.taken_on,
        record.score,
        record.passed,
        record.expires_on,
        record.trainer,
        record.evidence,
    )


def training_history(session: Session, agent_id: int) -> list[RecordRow]:
    """Every attempt by one agent, newest first."""
    query = (
        select(TrainingRecord, Course)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(TrainingRecord.agent_id == agent_id)
        .order_by(TrainingRecord.taken_on.desc(), TrainingRecord.id.desc())
    )
    return [_row(record, course) for record, course in session.execute(query).all()]


def record_row(session: Session, record_id: int) -> RecordRow:
    """One record, for the edit dialog."""
    found = session.execute(
        select(TrainingRecord, Course)
        .join(Course, Course.id == TrainingRecord.course_id)
        .where(TrainingRecord.id == record_id)
    ).first()
    if found is None:
        raise NotFound("No training record {id}.", id=record_id)
    record, course = found
    return _row(record, course)


def course_options(session: Session) -> list[CourseOption]:
    """The active courses, in catalogue order."""
    courses = session.scalars(select(Course).where(Course.active).order_by(Course.id))
    return [
        CourseOption(
            c.id, c.code, c.name_zh, c.name_en, c.pass_mark, c.validity_months, c.required_for
        )
        for c in courses
    ]


def check_record(
    session: Session, course_id: int, taken_on: dt.date, score: int, today: dt.date | None = None
) -> tuple[bool, dt.date | None]:
    """validate_record for a course id: (passed, last valid day or None); raises like it."""
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("No course {name}.", name=str(course_id))
    return validate_record(course, taken_on, score, today or office_today(session))


def add_record(
    session: Session,
    actor: User,
    agent_id: int,
    course_id: int,
    *,
    taken_on: dt.date,
    score: int,
    trainer: str = "",
    evidence: str = "",
    today: dt.date | None = None,
) -> TrainingRecord:
    """record_training for an agent id and a course id (what a form holds)."""
    agent = session.get(User, agent_id)
    if agent is None:
        raise NotFound("No agent named {name}.", name=str(agent_id))
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound("No course {name}.", name=str(course_id))
    return record_training(
        session,
        actor,
        agent,
        course,
        taken_on=taken_on,
        score=score,
        trainer=trainer,
        evidence=evidence,
        today=today,
    )


def expiring_soon(
    session: Session, as_of: dt.date, days: int = EXPIRING_DAYS
) -> list[ExpiringCertificate]:
    """Valid certifications whose last valid day is within `days` of `as_of`, soonest first."""
    last = as_of + dt.timedelta(days=days)
    found = [
        ExpiringCertificate(agent.display_name, agent.username, c.name_zh, c.name_en, c.expires_on)
        for agent in office_training(session, as_of)
        for c in agent.courses
        if c.status in (CourseStatus.VALID, CourseStatus.EXPIRING)
        and c.expires_on is not None
        and as_of <= c.expires_on <= last
    ]
    return sorted(found, key=lambda e: (e.expires_on, e.username, e.name_en))


def _months_given(record: TrainingRecord, course: Course) -> int:
    """The validity period a pass was given: the course's months when it was recorded (the
    course may have changed since), read back from its expiry."""
    for months in range(1, 121):
        if expiry_for(record.taken_on, months) == record.expires_on:
            return months
    return course.validity_months


def judge_correction(
    record: TrainingRecord, course: Course, taken_on: dt.date, score: int, today: dt.date
) -> tuple[bool, dt.date | None]:
    """(passed, last valid day) of a corrected attempt. A new score is judged by the course's
    pass mark; an unchanged one keeps its result. A pass keeps the validity period it was given,
    from its (corrected) date: the catalogue's later changes apply to new attempts only, so
    correcting a trainer's name never lapses a valid certificate."""
    check_score(score)
    check_taken_on(taken_on, today)
    if score != record.score:
        passed = score >= course.pass_mark
    else:
        passed = record.passed
    if not passed:
        return False, None
    was_pass = record.passed and record.expires_on is not None
    months = _months_given(record, course) if was_pass else course.validity_months
    return True, expiry_for(taken_on, months)


def check_correction(
    session: Session, record_id: int, taken_on: dt.date, score: int, today: dt.date | None = None
) -> tuple[bool, dt.date | None]:
    """judge_correction for a record id (the edit form's live result); raises like it."""
    record = session.get(TrainingRecord, record_id)
    if record is None:
        raise NotFound("No training record {id}.", id=record_id)
    course = session.get(Course, record.course_id)
    assert course is not None  # foreign key
    return judge_correction(record, course, taken_on, score, today or office_today(session))


def update_record(
    session: Session,
    actor: User,
    record_id: int,
    *,
    taken_on: dt.date,
    score: int,
    trainer: str,
    evidence: str,
    today: dt.date | None = None,
) -> TrainingRecord:
    """Correct a recorded attempt (judge_correction), audit old → new."""
    require(actor, Permission.EDIT_TRAINING)
    record = session.get(TrainingRecord, record_id)
    if record is None:
        raise NotFound("No training record {id}.", id=record_id)
    course = session.get(Course, record.course_id)
    assert course is not None  # foreign key
    passed, expires_on = judge_correction(
        record, course, taken_on, score, today or office_today(session)
    )
    new = {
        "taken_on": taken_on,
        "score": score,
        "passed": passed,
        "expires_on": expires_on,
        "trainer": check_trainer(trainer),
        "evidence": clean_text(evidence),
    }
    changes: dict[str, object] = {}
    for name, value in new.items():
        old = getattr(record, name)
        if old != value:
            changes[name] = {"old": _plain(old), "new": _plain(value)}
            setattr(record, name, value)
    if changes:
        agent = session.get(User, record.agent_id)
        session.flush()
        audit.record(
            session,
            actor,
            "training.update",
            "training_record",
            record.id,
            {
                "agent": agent.username if agent else record.agent_id,
                "course": course.code,
                **changes,
            },
        )
    return record


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


TEMPLATE_HEADERS = {
    "zh_CN": ("用户名", "课程代码", "培训日期", "分数", "培训师", "证明"),
    "en": ("username", "course code", "taken on", "score", "trainer", "evidence note"),
}


def import_template(lang: str = "en") -> str:
    """The header line of an import file (Chinese or English headers; both are read back)."""
    headers = TEMPLATE_HEADERS["zh_CN" if lang == "zh_CN" else "en"]
    return ",".join(headers) + "\r\n"


@dataclass(frozen=True)
class CourseEntry:
    code: str
    name_zh: str
    name_en: str
    validity_months: int
    pass_mark: int
    required_for: str
    active: bool


def course_catalogue(session: Session) -> list[CourseEntry]:
    """Every course, active or not, by code (for the catalogue editor)."""
    return [
        CourseEntry(
            c.code, c.name_zh, c.name_en, c.validity_months, c.pass_mark, c.required_for, c.active
        )
        for c in session.scalars(select(Course).order_by(Course.code))
    ]
