"""QA s46 on the visits whose team someone may no longer go with:

- an agent made a supervisor stayed on booked teams, checked in and read as plain booked: now
  flagged as a deactivated account is, check-in and approval refused, and `change_role` says how
  many booked visits to come they are on;
- a flagged visit whose booked start has passed was offered its own time again (refused: no
  booking goes into the past): now a new time;
- deactivating counted a verified visit not yet booked, flagged nowhere (its booking names its
  team anew and refuses whoever may not go): now the count is what is flagged;
- one visit was told "each" in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.accounts import change_role, deactivate_user
from app.errors import ValidationError
from app.models import User, Visit, VisitAgent
from app.office import office_zone
from app.visits import approve_visit, check_in_refusal
from app.visits.team_gone import gone_team_visits, gone_text, restaff_advice, restaff_command
from tests.core.test_visits import office  # noqa: F401 (a fixture)
from tests.core.visit_office import book, case_nos, login, slot, verified_visit


def _admin(s, db) -> User:  # type: ignore[no-untyped-def]
    admin = s.get(User, login(db, "admin").id)
    assert admin is not None
    return admin


def test_an_agent_made_supervisor_is_flagged_and_refused(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = verified_visit(office, case_nos(office)[0])
    assert book(office, number, ("agent01", "agent02")).saved  # 李强 is agent02
    with office.session() as s:
        assert change_role(s, _admin(s, office), "agent02", "supervisor") == 1
    with office.sessions() as s:
        boss = s.get(User, login(office, "supervisor").id)
        [flagged] = gone_team_visits(s, viewer=boss)
        assert (flagged.visit_no, flagged.gone, flagged.gone_names) == (
            number,
            ("agent02",),
            ("李强",),
        )
        why = check_in_refusal(s, s.get(User, login(office, "agent01").id), number)
        assert why is not None
        assert "李强, on its team, is no longer a collection agent" in why.translated("en")
        assert "已不是催收员" in why.translated("zh_CN")
    with office.session() as s, pytest.raises(ValidationError) as refused:
        approve_visit(s, s.get(User, login(office, "supervisor").id), number)
    assert "reschedule it with a new team" in refused.value.translated("en")
    with office.session() as s:  # back to agent: nothing to staff, nothing counted
        assert change_role(s, _admin(s, office), "agent02", "agent") == 0
    with office.sessions() as s:
        assert not gone_team_visits(s)


def test_a_passed_start_is_offered_a_new_time(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = verified_visit(office, case_nos(office)[0])
    assert book(office, number, ("agent01", "agent02")).saved
    with office.session() as s:
        deactivate_user(s, _admin(s, office), "agent02")
    during = slot(10) + dt.timedelta(minutes=30)  # started, not yet over: still flagged
    with office.sessions() as s:
        [flagged] = gone_team_visits(s, during)
        zone = office_zone(s)
    start = flagged.scheduled_start
    before = restaff_command(number, start, zone, start - dt.timedelta(hours=1))
    assert f"--start {start.astimezone(zone).isoformat(timespec='minutes')}" in before
    after = restaff_command(number, start, zone, during)
    assert "--start NEW_TIME" in after and "has passed" in after
    assert start.astimezone(zone).isoformat(timespec="minutes") not in after
    for words in (
        restaff_advice(passed=True),
        restaff_advice(window=True, passed=True),
        gone_text(number, flagged.gone_names, start=start, now=during),
    ):
        assert "has passed" in words and "time can stay" not in words and "new time" in words
    assert "时间可以不变" not in restaff_advice("zh_CN", passed=True)
    early = start - dt.timedelta(minutes=1)
    assert "time can stay" in gone_text(number, flagged.gone_names, start=start, now=early)


def test_one_visit_is_not_told_each(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert "逐个" not in restaff_advice("zh_CN", count=1)
    assert "逐个" in restaff_advice("zh_CN", count=2)
    assert restaff_advice("en", count=1).startswith("Reschedule it with")
    assert restaff_advice("en", count=2).startswith("Reschedule each with")


def test_deactivating_counts_what_is_flagged(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cases = case_nos(office)
    booked = verified_visit(office, cases[0])
    assert book(office, booked, ("agent01", "agent02")).saved
    waiting = verified_visit(office, cases[1])  # verified, a team proposed, not yet booked
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == waiting))
        agent = s.scalar(select(User).where(User.username == "agent02"))
        assert visit is not None and agent is not None
        s.add(VisitAgent(visit_id=visit.id, agent_id=agent.id, lead=True))
    with office.session() as s:
        held = deactivate_user(s, _admin(s, office), "agent02")
    with office.sessions() as s:
        flagged = [g.visit_no for g in gone_team_visits(s)]
    assert flagged == [booked] and held.visits == len(flagged) == 1
