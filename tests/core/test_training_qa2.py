"""QA pass over training records, as a supervisor keeps them: a correction does not re-judge an
attempt by the catalogue's later rules, the same attempt is not recorded twice by hand, and an
import row with an empty cell says what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.errors import ValidationError
from app.i18n import set_language
from app.models import TrainingRecord, User
from app.office import create_office
from app.training import CourseStatus, agent_training, record_training
from app.training.history import update_record
from app.training.importer import preview
from app.training.records import find_course, update_course

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup", "张主管")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
    return db


def _users(s) -> dict[str, User]:
    return {u.username: u for u in s.scalars(select(User))}


def _negotiation(s, agent: str = "agent01", score: int = 75, day=dt.date(2026, 4, 20)):
    u = _users(s)
    return record_training(
        s,
        u["supervisor"],
        u[agent],
        find_course(s, "NEGO"),
        taken_on=day,
        score=score,
        trainer="李老师",
        today=TODAY,
    )


def _nego_status(s) -> CourseStatus:
    agent = _users(s)["agent01"]
    state = agent_training(s, agent.id, TODAY)
    return next(c.status for c in state.courses if c.code == "NEGO")


def test_correcting_the_trainer_keeps_a_pass_the_catalogue_has_since_made_stricter(office):
    """A supervisor shortened the course and raised its pass mark, then corrected the trainer's
    name on an agent's valid pass: the agent was lapsed at once (failed, no expiry) and blocked
    from phone work. Records already taken keep the result and expiry they were given."""
    from app.training import history

    with office.session() as s:
        record = _negotiation(s)
        assert (record.passed, record.expires_on) == (True, dt.date(2027, 4, 19))
        sup = _users(s)["supervisor"]
        update_course(s, sup, "NEGO", validity_months=6, pass_mark=80)
        fixed = update_record(
            s,
            sup,
            record.id,
            taken_on=record.taken_on,
            score=75,
            trainer="李明老师",
            evidence="",
            today=TODAY,
        )
        assert (fixed.passed, fixed.expires_on, fixed.trainer) == (
            True,
            dt.date(2027, 4, 19),
            "李明老师",
        )
        assert _nego_status(s) is CourseStatus.VALID
        # What the edit form shows before saving (its live result) is what saving records.
        assert history.check_correction(s, record.id, record.taken_on, 75, TODAY) == (
            True,
            dt.date(2027, 4, 19),
        )
        # A corrected date moves the expiry by the 12 months the pass was given, not 6.
        moved = update_record(
            s,
            sup,
            record.id,
            taken_on=dt.date(2026, 4, 22),
            score=75,
            trainer="李明老师",
            evidence="",
            today=TODAY,
        )
        assert (moved.passed, moved.expires_on) == (True, dt.date(2027, 4, 21))
        # A corrected score is judged by the pass mark in force: 79 fails the new mark of 80.
        regraded = update_record(
            s,
            sup,
            record.id,
            taken_on=dt.date(2026, 4, 22),
            score=79,
            trainer="李明老师",
            evidence="",
            today=TODAY,
        )
        assert (regraded.passed, regraded.expires_on) == (False, None)


def test_a_failed_attempt_stays_failed_when_only_its_date_is_corrected(office):
    with office.session() as s:
        record = _negotiation(s, score=50)
        sup = _users(s)["supervisor"]
        update_course(s, sup, "NEGO", pass_mark=40)  # 50 would pass now
        fixed = update_record(
            s,
            sup,
            record.id,
            taken_on=dt.date(2026, 4, 21),
            score=50,
            trainer="",
            evidence="",
            today=TODAY,
        )
        assert (fixed.passed, fixed.expires_on) == (False, None)


def test_the_same_attempt_is_not_recorded_twice_by_hand(office):
    """Save pressed twice, or a record typed in again: the agent had two identical records (the
    import skips the same attempt: agent, course, day, score). A retake that day is recorded."""
    with office.session() as s:
        _negotiation(s)
    with pytest.raises(ValidationError) as refused, office.session() as s:
        _negotiation(s)
    assert refused.value.translated() == (
        "This attempt is already recorded: 王芳, Negotiation on 2026-04-20, score 75."
    )
    set_language("zh_CN")
    try:
        with pytest.raises(ValidationError) as refused, office.session() as s:
            _negotiation(s)
        assert refused.value.translated() == "该次培训已有记录：王芳，谈判技巧，2026-04-20，75 分。"
    finally:
        set_language("en")
    with office.session() as s:
        _negotiation(s, score=88)  # retaken the same day: another attempt
        assert s.scalar(select(func.count(TrainingRecord.id))) == 2


def test_an_import_row_with_an_empty_cell_says_what_is_missing(office, tmp_path: Path):
    """'No agent named .', 'Cannot read the date ''.' and 'Not a whole number: ' told a
    supervisor nothing about a blank cell."""
    path = tmp_path / "training.csv"
    path.write_text(
        "agent,course,date,score\n"
        ",NEGO,2026-11-01,80\n"
        "agent01,,2026-11-01,80\n"
        "agent01,NEGO,,\n"
        "agent01,NEGO,2026-11-01,0\n",
        encoding="utf-8",
    )
    with office.sessions() as s:
        result = preview(s, _users(s)["supervisor"], path, TODAY)
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (2, "agent", "The agent is missing."),
        (3, "course", "The course is missing."),
        (4, "date", "The date is missing."),
        (4, "score", "The score is missing."),
    ]
    assert [row["line"] for row in result.rows] == [5]  # a score of 0 is a score
