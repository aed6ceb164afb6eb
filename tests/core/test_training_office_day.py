"""Training is judged on the office's day, as calls and visits are (their local day), not on the
computer's: between 16:00 and 24:00 UTC a computer on UTC was a day behind a Shanghai office, so
a course whose last valid day had passed showed "Expiring" while every call was flagged, and a
course taken that morning was refused as "in the future". The office's zone is chosen so its day
differs from the computer's whatever the hour the test runs."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.cli.main import main
from app.models import User
from app.office import create_office, office_today
from app.training import CourseStatus, agent_training, record_training
from app.training.records import find_course
from tests.conftest import TEST_KEY
from tests.core.last_valid_pass import pass_valid_until

AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # UTC+14, UTC-11


def _zone_on_another_day() -> str:
    """A zone whose date now is not this computer's (one of the two always is)."""
    today = dt.date.today()
    for zone in (AHEAD, BEHIND):
        if dt.datetime.now(zoneinfo.ZoneInfo(zone)).date() != today:
            return zone
    pytest.fail("both zones on the computer's day")


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s,
            name="Office",
            admin_username="admin",
            admin_password="pw-admin",
            timezone=_zone_on_another_day(),
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
    return db


def _users(s):
    return {u.username: u for u in s.scalars(select(User))}


def test_a_course_taken_on_the_office_day_is_recorded(office) -> None:
    with office.session() as s:
        u, day = _users(s), office_today(s)
        record = record_training(
            s, u["supervisor"], u["agent01"], find_course(s, "COMM"), taken_on=day, score=90
        )
        assert record.passed and record.taken_on == day


def test_status_defaults_to_the_office_day(office, capsys, monkeypatch, tmp_path) -> None:
    computer = dt.date.today()
    with office.session() as s:
        u, day = _users(s), office_today(s)
        last_valid = min(day, computer)  # lapsed on the later day, expiring on the earlier
        for code in ("COMM", "NEGO", "LAW", "SAFE"):
            course = find_course(s, code)
            pass_valid_until(s, u["supervisor"], u["agent01"], course, last_valid, day)
        on_office_day = agent_training(s, u["agent01"].id, day).status
        on_computer_day = agent_training(s, u["agent01"].id, computer).status
    assert {on_office_day, on_computer_day} == {CourseStatus.LAPSED, CourseStatus.EXPIRING}
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    capsys.readouterr()
    target = office.url or str(office.path)  # the server's URL on PostgreSQL
    assert main(["training", "status", "--json", "--db", target]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [a["status"] for a in shown] == [on_office_day.value]
