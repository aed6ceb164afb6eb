"""Use cases: keep the course catalogue and record agents' training, validated and audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.errors import NotFound, ValidationError
from app.models import Course, Role, TrainingRecord, User
from app.notes import clean_text, limited
from app.office import office_today
from app.training.status import expiry_for
from app.training.trainee import find_agent as find_agent  # where callers have found it

REQUIRED_FOR = ("none", "phone", "field", "all")


def short_course_name(name: str) -> str:
    """A course's name without its bracketed detail, as the training page's columns show it:
    法律合规 for 法律合规（含民法典与个人信息保护）."""
    return re.split(r"\s*[（(]", name, maxsplit=1)[0] or name


def find_course(session: Session, code_or_name: str) -> Course:
    """A course by its code, either name, or either name as the training page's column shows it
    (法律合规, which a lender's own roster writes) when no other course shortens to it too."""
    key = code_or_name.strip()
    course = session.scalar(
        select(Course).where(
            (Course.code == key.upper()) | (Course.name_zh == key) | (Course.name_en == key)
        )
    )
    if course is not None:
        return course
    courses = list(session.scalars(select(Course).order_by(Course.code)))
    short = {
        c.id: c
        for c in courses
        for name in (c.name_zh, c.name_en)
        if key and short_course_name(name).lower() == key.lower()
    }
    if len(short) == 1:
        return next(iter(short.values()))
    raise NotFound(
        "No course {name}: write the course's code ({codes}) or its name.",
        name=code_or_name,
        codes=[c.code for c in courses],
    )


# A course code is what the CLI and the import files name a course by: letters, digits, - and _.
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,29}")
MAX_COURSE_NAME = 100


def _check_names(session: Session, course_id: int | None, names: dict[str, str]) -> None:
    """Each name given is at most MAX_COURSE_NAME characters and no other course's name: a course
    is found by its code or either name (`find_course`), so two of one name were one too many.
    Nor one that differs in capitals alone ("communication" beside "Communication", found by QA):
    one course to the people who read the roster, two to the import files and the CLI."""
    for key, name in names.items():
        if len(name) > MAX_COURSE_NAME:
            raise ValidationError("A course name is at most {max} characters.", max=MAX_COURSE_NAME)
        column = getattr(Course, key)
        taken = session.scalar(
            select(Course.code).where(
                func.lower(column) == name.lower(), Course.id != (course_id or 0)
            )
        )
        if taken is not None:
            raise ValidationError(
                "Course {code} already has the name {name}.", code=taken, name=name
            )


def add_course(
    session: Session,
    actor: User,
    *,
    code: str,
    name_zh: str,
    name_en: str,
    validity_months: int,
    pass_mark: int,
    required_for: str,
) -> Course:
    require(actor, Permission.EDIT_TRAINING)
    code = code.strip().upper()
    if not code or not name_zh.strip() or not name_en.strip():
        raise ValidationError("A course needs a code and a name in Chinese and English.")
    if not _CODE.fullmatch(code):
        raise ValidationError(
            "A course code is 1 to 30 letters, digits, - or _ (no spaces): {code}", code=code
        )
    _check_names(session, None, {"name_zh": name_zh.strip(), "name_en": name_en.strip()})
    if not 1 <= validity_months <= 120:
        raise ValidationError("The validity period is 1 to 120 months.")
    if not 0 <= pass_mark <= 100:
        raise ValidationError("The pass mark is 0 to 100.")
    if required_for not in REQUIRED_FOR:
        raise ValidationError("Required for must be one of: none, phone, field, all.")
    if session.scalar(select(Course.id).where(Course.code == code)) is not None:
        raise ValidationError("Course code {code} already exists.", code=code)
    course = Course(
        code=code,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        validity_months=validity_months,
        pass_mark=pass_mark,
        required_for=required_for,
    )
    session.add(course)
    session.flush()
    audit.record(
        session,
        actor,
        "course.add",
        "course",
        course.code,
        {"validity_months": validity_months, "pass_mark": pass_mark},
    )
    return course


def update_course(
    session: Session,
    actor: User,
    code: str,
    *,
    name_zh: str | None = None,
    name_en: str | None = None,
    validity_months: int | None = None,
    pass_mark: int | None = None,
    required_for: str | None = None,
    active: bool | None = None,
) -> Course:
    """Change a course; records already taken keep the expiry they were given."""
    require(actor, Permission.EDIT_TRAINING)
    course = find_course(session, code)
    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "name_zh": name_zh,
            "name_en": name_en,
            "validity_months": validity_months,
            "pass_mark": pass_mark,
            "required_for": required_for,
            "active": active,
        }.items()
        if v is not None and getattr(course, k) != v
    }
    if not changes:
        raise ValidationError("Nothing to change.")
    if "validity_months" in changes and not 1 <= changes["validity_months"] <= 120:
        raise ValidationError("The validity period is 1 to 120 months.")
    if "pass_mark" in changes and not 0 <= changes["pass_mark"] <= 100:
        raise ValidationError("The pass mark is 0 to 100.")
    if changes.get("required_for", "all") not in REQUIRED_FOR:
        raise ValidationError("Required for must be one of: none, phone, field, all.")
    for key in ("name_zh", "name_en"):
        if key in changes and not str(changes[key]).strip():
            raise ValidationError("A course needs a code and a name in Chinese and English.")
    _check_names(
        session,
        course.id,
        {k: str(changes[k]).strip() for k in ("name_zh", "name_en") if k in changes},
    )
    before = {k: getattr(course, k) for k in changes}
    for key, value in changes.items():
        setattr(course, key, value.strip() if isinstance(value, str) else value)
    session.flush()
    audit.record(
        session, actor, "course.change", "course", course.code, {"old": before, "new": changes}
    )
    return course


def check_score(score: int) -> int:
    """The score, or a clear error when it is not a whole number from 0 to 100."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError("A score is a whole number from 0 to 100, not {score}.", score=score)
    return score


def check_taken_on(taken_on: dt.date, today: dt.date) -> dt.date:
    """The day the course was taken, or a clear error when it is after `today`."""
    if taken_on > today:
        raise ValidationError("A training date cannot be in the future: {date}.", date=taken_on)
    return taken_on


MAX_TRAINER = 100  # TrainingRecord.trainer's column


def check_trainer(text: str | None) -> str:
    """The trainer's name, trimmed; refused past the column's length (never cut to fit)."""
    return limited(
        text, MAX_TRAINER, "The trainer's name is too long: {count} characters, at most {max}."
    )


def validate_record(
    course: Course, taken_on: dt.date, score: int, today: dt.date
) -> tuple[bool, dt.date | None]:
    """Check one attempt; return (passed, last valid day or None when failed)."""
    check_score(score)
    check_taken_on(taken_on, today)
    passed = score >= course.pass_mark
    return passed, expiry_for(taken_on, course.validity_months) if passed else None


def attempt_recorded(
    session: Session, agent_id: int, course_id: int, taken_on: dt.date, score: int
) -> bool:
    """Whether this attempt (agent, course, day, score) is recorded already: the import skips
    it, and recording it by hand again is refused."""
    found = session.scalar(
        select(TrainingRecord.id)
        .where(
            TrainingRecord.agent_id == agent_id,
            TrainingRecord.course_id == course_id,
            TrainingRecord.taken_on == taken_on,
            TrainingRecord.score == score,
        )
        .limit(1)
    )
    return found is not None


def record_training(
    session: Session,
    actor: User,
    agent: User,
    course: Course,
    *,
    taken_on: dt.date,
    score: int,
    trainer: str = "",
    evidence: str = "",
    today: dt.date | None = None,
) -> TrainingRecord:
    """Record one attempt at a course; a pass renews the certification, a fail does not."""
    require(actor, Permission.EDIT_TRAINING)
    passed, expires_on = validate_record(course, taken_on, score, today or office_today(session))
    if attempt_recorded(session, agent.id, course.id, taken_on, score):
        # A second Save of the same form, or a record typed in again, would count twice.
        from app.i18n import current_language

        raise ValidationError(
            "This attempt is already recorded: {agent}, {course} on {date}, score {score}.",
            agent=agent.display_name or agent.username,
            course=course.name_zh if current_language() == "zh_CN" else course.name_en,
            date=taken_on.isoformat(),
            score=score,
        )
    record = TrainingRecord(
        agent_id=agent.id,
        course_id=course.id,
        taken_on=taken_on,
        score=score,
        passed=passed,
        expires_on=expires_on,
        trainer=check_trainer(trainer),
        evidence=clean_text(evidence),
        created_by_id=actor.id,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor,
        "training.record",
        "user",
        agent.username,
        {"course": course.code, "taken_on": taken_on.isoformat(), "score": score, "passed": passed},
    )
    return record


_KINDS = {"none": set(), "phone": {"phone"}, "field": {"field"}, "all": {"phone", "field"}}


def unqualified_by(
    session: Session,
    code: str | None,
    required_for: str,
    active: bool,
    today: dt.date | None = None,
) -> tuple[list[str], set[str]]:
    """What saving a course as `required_for` (and `active`) would take away: the active agents
    without a valid pass of it (every agent, for a new course, `code` None) and the work it newly
    requires it for ("phone", "field"). Nothing when it requires no more than it does now: the
    Courses dialog asks before a course stops the office's agents from working."""
    course = (
        session.scalar(select(Course).where(Course.code == code.strip().upper())) if code else None
    )
    before = (
        _KINDS.get(course.required_for, set()) if course is not None and course.active else set()
    )
    now = _KINDS.get(required_for, set()) if active else set()
    added = now - before
    if not added:
        return [], set()
    passed: set[int] = set()
    if course is not None:
        day = today or office_today(session)
        passed = set(
            session.scalars(
                select(TrainingRecord.agent_id).where(
                    TrainingRecord.course_id == course.id,
                    TrainingRecord.passed,
                    TrainingRecord.expires_on >= day,
                )
            )
        )
    agents = session.scalars(
        select(User).where(User.active, User.role == Role.AGENT).order_by(User.username)
    )
    return [a.display_name or a.username for a in agents if a.id not in passed], added
