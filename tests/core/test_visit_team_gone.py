"""A booked visit with a deactivated account on its team is flagged where a supervisor looks
(QA s46: only the printed visit sheet said so): the list of them for `visit alerts` and the
Visits page's banner, the visit's row and detail naming the account, the calendar keeping the
account's row; it is not approved, nor checked in, until a new team is given, which clears it."""

from __future__ import annotations

import pytest

from app.accounts import deactivate_user
from app.errors import ValidationError
from app.models import User
from app.office import office_zone
from app.queries.visits import list_visits, week_calendar
from app.visits import approve_visit, check_in_refusal, reschedule_visit
from app.visits.detail import booking_lines, status_words, visit_detail
from app.visits.team_gone import gone_team_visits, gone_words
from tests.core.test_visits import office  # noqa: F401 (a fixture)
from tests.core.visit_office import book, case_nos, login, slot, verified_visit, visit_day

GONE = "Team to staff anew: 李强, on visit {number}'s team, may no longer go on visits"


def _booked_then_deactivated(db) -> str:  # type: ignore[no-untyped-def]
    number = verified_visit(db, case_nos(db)[0])
    assert book(db, number, ("agent01", "agent02")).saved
    admin = login(db, "admin")
    with db.session() as s:
        assert not gone_team_visits(s)  # nothing flagged while the team is whole
        deactivate_user(s, s.get(User, admin.id), "agent02")
    return number


def test_the_visit_is_flagged_with_the_account_named(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _booked_then_deactivated(office)
    boss = login(office, "supervisor")
    with office.sessions() as s:
        actor = s.get(User, boss.id)
        [flagged] = gone_team_visits(s, viewer=actor)
        assert (flagged.visit_no, flagged.gone, flagged.gone_names) == (
            number,
            ("agent02",),
            ("李强",),
        )
        agent = s.get(User, login(office, "agent01").id)
        assert [g.visit_no for g in gone_team_visits(s, viewer=agent)] == [number]  # their team
        [row] = [r for r in list_visits(s, actor) if r.visit_no == number]
        assert row.gone == ("agent02",) and row.gone_names == ("李强",)
        detail = visit_detail(s, actor, number)
        assert detail.gone_names == ("李强",)
        status = dict(booking_lines(detail, office_zone(s)))["Status"]
        assert status == "Booked, team to staff anew"
        assert status_words(detail.status, False, "zh_CN", gone=True) == "已预约，需重新安排人员"
        assert gone_words(number, detail.gone_names).startswith(GONE.format(number=number))
        assert "已停用" in gone_words(number, detail.gone_names, "zh_CN")
        # The calendar keeps the deactivated account's row while the visit is to come.
        calendar = week_calendar(s, actor, visit_day())
        assert "agent02" in calendar.gone and "agent02" in [u for u, _ in calendar.agents]
        assert [v.visit_no for v in calendar.visits("agent02", visit_day())] == [number]


def test_no_approval_nor_check_in_until_a_new_team(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _booked_then_deactivated(office)
    boss = login(office, "supervisor")
    with office.session() as s, pytest.raises(ValidationError) as refused:
        approve_visit(s, s.get(User, boss.id), number)
    assert "reschedule it with a new team" in refused.value.translated("en")
    assert "李强" in refused.value.translated("en")
    with office.sessions() as s:  # said first, as the visit sheet says it, whatever the time
        why = check_in_refusal(s, s.get(User, login(office, "agent01").id), number)
    assert why is not None and "a deactivated account is on its team" in why.translated("en")
    with office.session(write_lock=True) as s:
        moved = reschedule_visit(
            s, s.get(User, boss.id), number, agents=("agent01", "agent03"), start=slot(10),
            minutes=60, borrower_agreed=True, consent_to_enter=True, reason="换人上门",
        )  # fmt: skip
        assert moved.saved
    with office.sessions() as s:
        actor = s.get(User, boss.id)
        assert not gone_team_visits(s, viewer=actor)
        assert visit_detail(s, actor, number).gone == ()
        assert "agent02" not in [u for u, _ in week_calendar(s, actor, visit_day()).agents]
    with office.session() as s:
        approve_visit(s, s.get(User, boss.id), number)
