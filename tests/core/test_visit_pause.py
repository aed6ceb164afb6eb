"""A complaint's pause and a visit already booked on the case: no no-show is recorded while it
holds (as no check-in is), and the daily visit sheet and the Visits page's rows name it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.models import ContactAttempt, User, Visit, VisitStatus
from app.queries.visits import day_sheet, list_visits, week_calendar
from app.visits import check_in, no_show, no_show_refusal
from app.visits.detail import pause_text, visit_detail
from tests.core.test_visits import come_due
from tests.core.visit_office import (
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def pause_case(db, case_no: str) -> str:
    """A borrower's complaint on the case, which pauses contact on it; its number."""
    from app.complaints import record_complaint

    complaint = _run(
        db,
        "supervisor",
        lambda s, u: record_complaint(
            s,
            u,
            case_no=case_no,
            agent_username=None,
            received_on=dt.date.today(),
            source="borrower",
            channel="phone",
            category="harassment",
            description="上门前投诉",
        ),
    )
    return str(complaint.complaint_no)


def lift(db, complaint_no: str) -> None:
    from app.complaints import lift_pause

    _run(db, "supervisor", lift_pause, complaint_no, "借款人同意按约上门")


def test_no_show_is_refused_on_a_paused_case_as_check_in_is(office):
    """QA: `visit noshow` recorded a no-show and a contact line ("Visit to borrower: no answer")
    on a case a complaint paused, where check-in was refused."""
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no, minutes=60).saved
    come_due(office, visit_no, dt.timedelta(minutes=65))  # the slot is over: a no-show's time
    complaint_no = pause_case(office, case_no)
    with pytest.raises(ValidationError, match="paused while a complaint is open") as refused:
        _run(office, "agent01", no_show, visit_no, notes="无人应门", travel_cost=3000)
    assert case_no in str(refused.value) and visit_no in str(refused.value)
    assert "暂停" in refused.value.translated("zh_CN")
    with office.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        assert visit.status is VisitStatus.BOOKED and visit.checked_out_at is None
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
        user = s.get(User, login(office, "agent01").id)
        why = no_show_refusal(s, user, visit_no)  # what the window's No-show… reads
        assert why is not None and "paused while a complaint is open" in str(why)
    lift(office, complaint_no)
    with office.sessions() as s:
        assert no_show_refusal(s, s.get(User, login(office, "agent01").id), visit_no) is None
    _run(office, "agent01", no_show, visit_no, notes="无人应门", travel_cost=3000)
    with office.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == visit_no))
        assert status is VisitStatus.NO_SHOW
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 1


def test_a_visit_checked_in_before_the_pause_can_still_end_as_a_no_show(office):
    """The pause stops a visit from starting; one already under way is ended, as a check-out
    would end it."""
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no).saved
    come_due(office, visit_no)
    _run(office, "agent02", check_in, visit_no)
    pause_case(office, case_no)
    _run(office, "agent02", no_show, visit_no, notes="敲门无人应答")
    with office.sessions() as s:
        status = s.scalar(select(Visit.status).where(Visit.visit_no == visit_no))
    assert status is VisitStatus.NO_SHOW


def test_no_show_refusal_says_why_before_the_start_and_after_the_end(office):
    visit_no = verified_visit(office, case_nos(office)[0])
    assert book(office, visit_no).saved
    user = login(office, "agent01")
    with office.sessions() as s:
        why = no_show_refusal(s, s.get(User, user.id), visit_no)
    assert why is not None and "a no-show is recorded once that time has come" in str(why)
    come_due(office, visit_no)
    with office.sessions() as s:
        assert no_show_refusal(s, s.get(User, user.id), visit_no) is None
        assert no_show_refusal(s, s.get(User, login(office, "agent03").id), visit_no) is not None
    _run(office, "agent01", no_show, visit_no)
    with office.sessions() as s:
        why = no_show_refusal(s, s.get(User, user.id), visit_no)
    # Done: the refusal names the statuses a no-show is taken from.
    assert why is not None and "booked / in progress" in str(why)


def test_the_sheet_the_list_and_the_calendar_name_the_pause(office):
    """QA: the daily visit sheet and the Visits page listed a booked visit on a paused case with
    no mention of the pause, so the team would go."""
    first, second = case_nos(office)[:2]
    paused_visit = verified_visit(office, first)
    assert book(office, paused_visit, start=slot(9, 30)).saved
    other = verified_visit(office, second)
    assert book(office, other, start=slot(14)).saved
    complaint_no = pause_case(office, first)
    user = login(office, "agent01")
    day = slot(10).date()
    with office.sessions() as s:
        actor = s.get(User, user.id)
        sheet = day_sheet(s, actor, "agent01", day)
        rows = list_visits(s, actor, date_from=day, date_to=day)
        week = week_calendar(s, actor, day - dt.timedelta(days=day.weekday()))
        detail = visit_detail(s, actor, paused_visit)
    assert [(v.visit_no, v.paused_by) for v in sheet.visits] == [
        (paused_visit, (complaint_no,)),
        (other, ()),
    ]
    assert {r.visit_no: r.paused_by for r in rows} == {paused_visit: (complaint_no,), other: ()}
    (cell,) = [v for v in week.visits("agent01", day) if v.visit_no == paused_visit]
    assert cell.paused_by == (complaint_no,)
    assert detail.paused_by == (complaint_no,)
    said = pause_text(detail.paused_by)
    assert said == (
        f"Contact paused: complaint {complaint_no} is open; do not go until a supervisor lifts "
        "the pause."
    )
    assert pause_text(detail.paused_by, "zh_CN") == (
        f"暂停联系：投诉 {complaint_no} 尚未办结；主管解除暂停前请勿上门。"
    )
    lift(office, complaint_no)
    with office.sessions() as s:
        sheet = day_sheet(s, s.get(User, user.id), "agent01", day)
    assert [v.paused_by for v in sheet.visits] == [(), ()]


def test_a_done_visit_is_not_marked_paused(office):
    """A pause concerns visits yet to start: a no-show already recorded is not 'do not go'."""
    case_no = case_nos(office)[0]
    visit_no = verified_visit(office, case_no)
    assert book(office, visit_no, start=slot(10)).saved
    come_due(office, visit_no)
    _run(office, "agent01", no_show, visit_no)
    pause_case(office, case_no)
    with office.sessions() as s:
        actor = s.get(User, login(office, "agent01").id)
        (row,) = list_visits(s, actor)
        assert row.visit_no == visit_no and row.paused_by == ()
        assert visit_detail(s, actor, visit_no).paused_by == ()
