"""The dashboard's "Training expiring" tile, the Agents & training page's "expiring" filter and
the export count agents with a required course expiring within 30 days — an agent with another
course lapsed among them (a supervisor booking refreshers must see that course too)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from app.auth import add_user
from app.export_kinds import TrainingFilter
from app.export_office_lists import training_ids
from app.models import User
from app.office import create_office
from app.queries.dashboard import dashboard
from app.training import record_training
from app.training.records import find_course
from app.training.status import expiry_for, in_filter, office_training

DAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        for n in range(1, 5):
            add_user(s, admin, f"agent0{n}", "agent", "pw-agent", f"Agent {n}")
    return db


def _taken_for(months: int, last_valid: dt.date) -> dt.date:
    """The day a pass was taken whose last valid day (`months` valid) is `last_valid`."""
    day = last_valid
    while expiry_for(day, months) > last_valid:
        day -= dt.timedelta(days=1)
    assert expiry_for(day, months) == last_valid
    return day


def _pass(s, who: str, code: str, last_valid: dt.date) -> None:
    users = {u.username: u for u in s.scalars(select(User))}
    course = find_course(s, code)
    record_training(
        s,
        users["supervisor"],
        users[who],
        course,
        taken_on=_taken_for(course.validity_months, last_valid),
        score=95,
        today=DAY,
    )


@pytest.fixture
def staffed(office):
    """agent01: NEGO lapsed, SAFE expiring in 10 days. agent02: COMM expiring in 30 days.
    agent03: all valid well beyond. agent04: SAFE expiring in 31 days (not yet)."""
    far = DAY + dt.timedelta(days=200)
    soon = {
        "agent01": {"NEGO": DAY - dt.timedelta(days=1), "SAFE": DAY + dt.timedelta(days=10)},
        "agent02": {"COMM": DAY + dt.timedelta(days=30)},
        "agent03": {},
        "agent04": {"SAFE": DAY + dt.timedelta(days=31)},
    }
    with office.session() as s:
        for who, special in soon.items():
            for code in ("COMM", "NEGO", "LAW", "SAFE"):
                _pass(s, who, code, special.get(code, far))
    return office


EXPIRING_SQL = """
SELECT COUNT(*) FROM "user" u
WHERE u.active AND u.role = 'AGENT' AND EXISTS (
  SELECT 1 FROM course c
  WHERE c.active AND c.required_for != 'none'
    AND (SELECT MAX(r.expires_on) FROM training_record r
         WHERE r.agent_id = u.id AND r.course_id = c.id AND r.passed AND r.taken_on <= :day)
        BETWEEN :day AND :last)
"""
LAPSED_SQL = """
SELECT COUNT(*) FROM "user" u
WHERE u.active AND u.role = 'AGENT' AND EXISTS (
  SELECT 1 FROM course c
  WHERE c.active AND c.required_for != 'none' AND NOT EXISTS (
    SELECT 1 FROM training_record r
    WHERE r.agent_id = u.id AND r.course_id = c.id AND r.passed AND r.taken_on <= :day
      AND r.expires_on >= :day))
"""


def test_the_tile_counts_an_agent_with_one_course_lapsed_and_another_expiring(staffed) -> None:
    with staffed.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        d = dashboard(s, supervisor, as_of=DAY)
        params = {"day": DAY.isoformat(), "last": (DAY + dt.timedelta(days=30)).isoformat()}
        assert d.training_expiring == s.execute(text(EXPIRING_SQL), params).scalar() == 2
        assert d.training_lapsed == s.execute(text(LAPSED_SQL), params).scalar() == 1


def test_the_page_filter_and_the_export_list_the_same_agents(staffed) -> None:
    with staffed.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        agents = office_training(s, DAY)
        expiring = {a.username for a in agents if in_filter(a, "expiring")}
        lapsed = {a.username for a in agents if in_filter(a, "lapsed")}
        valid = {a.username for a in agents if in_filter(a, "valid")}
        exported = training_ids(s, supervisor, TrainingFilter("expiring", DAY), None, None)
    assert expiring == {"agent01", "agent02"}  # agent01 is on both lists
    assert lapsed == {"agent01"}
    assert valid == {"agent03", "agent04"}
    assert {agent.username for agent, _course in exported} == expiring
    agent01 = next(a for a in agents if a.username == "agent01")
    assert [c.code for c in agent01.expiring] == ["SAFE"]
