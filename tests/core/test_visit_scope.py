"""Which visits an agent sees: those on their own cases (even when other agents go) and those
they are on the team of; each row says which, and the week calendar keeps the first kind apart
from the agent's own row (QA: they were missing from the agent's calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models import User
from app.queries.visits import list_visits, viewer_part, week_calendar
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    """Every case is agent01's: one visit staffed by agent02 and agent03, one with agent01."""
    build_visit_office(db)
    first, second = case_nos(db)[:2]
    others = verified_visit(db, first)
    assert book(db, others, agents=("agent02", "agent03"), start=slot(10)).saved
    own = verified_visit(db, second)
    assert book(db, own, agents=("agent01", "agent02"), start=slot(14)).saved
    db.numbers = {"others": others, "own": own}
    return db


def _seen(db, username: str) -> dict[str, str]:
    """visit number -> the viewer's part in it, as listed for `username`."""
    user = login(db, username)
    with db.sessions() as s:
        rows = list_visits(s, s.get(User, user.id))
    return {row.visit_no: viewer_part(row, username) for row in rows}


def test_an_agent_lists_the_visits_on_their_cases_and_on_their_team(office):
    others, own = office.numbers["others"], office.numbers["own"]
    assert _seen(office, "agent01") == {others: "case", own: "both"}
    assert _seen(office, "agent02") == {others: "team", own: "team"}
    assert _seen(office, "agent03") == {others: "team"}
    assert _seen(office, "agent04") == {}  # neither their case nor their team
    assert _seen(office, "supervisor") == {others: "", own: ""}  # every visit, no part


def test_the_rows_name_the_cases_agent(office):
    user = login(office, "supervisor")
    with office.sessions() as s:
        rows = list_visits(s, s.get(User, user.id))
    assert {row.case_agent for row in rows} == {"agent01"}


def _week(db, username: str):  # type: ignore[no-untyped-def]
    day = slot(10).date()
    user = login(db, username)
    with db.sessions() as s:
        return week_calendar(s, s.get(User, user.id), day - dt.timedelta(days=day.weekday()))


def test_the_agents_calendar_keeps_their_cases_visited_by_others_apart(office):
    others, own = office.numbers["others"], office.numbers["own"]
    day = slot(10).date()
    mine = _week(office, "agent01")
    assert mine.agents == [("agent01", "王芳")]
    assert [v.visit_no for v in mine.visits("agent01", day)] == [own]  # their team's only
    assert [v.visit_no for v in mine.on_other_teams(day)] == [others]
    assert mine.on_other_teams(day)[0].agents == ("agent02", "agent03")
    team = _week(office, "agent02")
    assert [v.visit_no for v in team.visits("agent02", day)] == [others, own]
    assert team.other_teams == {}  # not agent02's cases
    everyone = _week(office, "supervisor")
    assert everyone.other_teams == {}  # a supervisor sees every agent's row instead
    assert [v.visit_no for v in everyone.visits("agent03", day)] == [others]
