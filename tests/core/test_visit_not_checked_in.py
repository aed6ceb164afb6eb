"""A booked visit whose time passed with no check-in (QA: it read "Booked" for good, alerted
nobody, and a new visit on its case was refused as one "under way"): flagged to its team and the
supervisors, said on the visit and its case, named with what to do when another visit is
requested, and ended by a no-show or a cancellation; its case stays due in the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.models import Case, CaseStatus, User, Visit, VisitStatus
from app.queries.case_page import case_detail
from app.visits import cancel_visit, check_in, late_visits, no_show, request_visit
from app.visits.detail import missed_text, status_words, visit_detail
from app.visits.no_check_in import missed_check_ins
from tests.core.missed_visit import END, SLOT, START, missed_visit
from tests.core.test_visits import _booked_and_in, _run
from tests.core.visit_office import SHANGHAI, build_visit_office, login


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def test_a_booked_visit_past_its_end_is_flagged_to_its_team_and_the_supervisors(office):
    number, case_no = missed_visit(office)
    with office.session() as s:
        assert missed_check_ins(s, now=END - dt.timedelta(minutes=1)) == []  # still its time
        assert missed_check_ins(s, now=END) == []
        (flag,) = missed_check_ins(s, now=END + dt.timedelta(minutes=90))
        assert late_visits(s, END + dt.timedelta(days=1)) == []  # never checked in: not "late"
    assert (flag.visit_no, flag.case_no, flag.minutes_over) == (number, case_no, 90)
    assert flag.scheduled_start == START and flag.scheduled_end == END
    assert flag.agents == ("agent01", "agent02") and flag.agent_names == ("王芳", "李强")
    with office.session() as s:
        seen = {
            who: [m.visit_no for m in missed_check_ins(s, viewer=login(office, who))]
            for who in ("supervisor", "agent02", "agent03")
        }
    assert seen == {"supervisor": [number], "agent02": [number], "agent03": []}


def test_its_own_view_says_it_was_not_checked_in_and_what_to_do(office):
    number, _ = missed_visit(office)
    with office.session() as s:
        detail = visit_detail(s, s.get(User, login(office, "agent01").id), number)
    assert detail.status is VisitStatus.BOOKED and detail.not_checked_in
    assert status_words(detail.status, False, "en", not_checked_in=True) == "Booked, not checked in"
    assert status_words(detail.status, False, "zh_CN", not_checked_in=True) == "已预约，未签到"
    english, chinese = missed_text(detail, SHANGHAI, "en"), missed_text(detail, SHANGHAI, "zh_CN")
    assert f"visit {number} was booked for {SLOT} (王芳, 李强)" in english
    assert "call them first" in english and "no-show" in english and "cancel" in english
    assert f"上门 {number} 原定于 {SLOT}（王芳、李强）" in chinese and "未签到" in chinese
    assert "未见到本人" in chinese and "取消" in chinese


def test_a_new_request_names_the_stale_visit_and_how_to_end_it(office):
    number, case_no = missed_visit(office)
    with pytest.raises(ValidationError) as refused:
        _run(office, "agent01", request_visit, case_no)
    said = str(refused.value)
    assert number in said and SLOT in said and "never checked in" in said
    assert "no-show" in said and "cancel it with a reason" in said and "under way" not in said
    chinese = refused.value.translated("zh_CN")
    assert number in chinese and "一直未签到" in chinese and "未见到本人" in chinese


@pytest.mark.parametrize("how", ["no_show", "cancel"])
def test_a_no_show_or_a_cancellation_ends_the_flag_and_frees_the_case(office, how):
    number, case_no = missed_visit(office)
    if how == "no_show":
        _run(office, "agent02", no_show, number, notes="到场无人应门")
    else:
        _run(office, "agent01", cancel_visit, number, "借款人改约，团队当天未出发")
    with office.session() as s:
        assert missed_check_ins(s) == []
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None and case.status is not CaseStatus.VISIT_BOOKED
        assert case_detail(s, login(office, "supervisor"), case_no).visit_note is None
    new = _run(office, "agent01", request_visit, case_no)
    assert new.visit_no != number and new.status is VisitStatus.REQUESTED


def test_its_case_is_due_in_the_queue_and_its_page_says_the_visit_was_not_checked_in(office):
    number, case_no = missed_visit(office)
    with office.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None
        assert case.status is CaseStatus.VISIT_BOOKED
        assert case.next_action_on == START.date() and not case.waiting  # due, not waiting
        detail = case_detail(s, login(office, "supervisor"), case_no)
        chinese = case_detail(s, login(office, "supervisor"), case_no, "zh_CN")
    assert detail.queue_place is None
    assert detail.visit_note is not None and number in detail.visit_note
    assert "not checked in" in detail.visit_note.lower() and SLOT in detail.visit_note
    assert chinese.visit_note is not None and "未签到" in chinese.visit_note


def test_a_visit_checked_in_is_a_late_check_out_not_a_missed_check_in(office):
    number = _booked_and_in(office)
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert visit is not None and visit.scheduled_end is not None
        end = visit.scheduled_end.replace(tzinfo=dt.UTC)
        assert missed_check_ins(s, now=end + dt.timedelta(days=1)) == []
        assert [v.visit_no for v in late_visits(s, end + dt.timedelta(days=1))] == [number]
    with pytest.raises(ValidationError):
        _run(office, "agent02", check_in, number)  # in progress: not checked in twice


def test_approving_it_is_refused_with_its_time_and_what_to_do_instead(office):
    """Booked while the office asks for approval, its time passed before a supervisor came to
    it: approving it would only book the past, so it is moved or cancelled instead."""
    from app import settings
    from app.visits import approve_visit

    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)
    number, _ = missed_visit(office)
    with office.session() as s, pytest.raises(ValidationError) as refused:
        approve_visit(s, s.get(User, login(office, "supervisor").id), number, "看过了")
    said = refused.value.translated("en")
    assert f"Visit {number} was booked for {SLOT}, which has passed with no check-in" in said
    assert "move it to a new time or cancel it" in said
    assert SLOT in refused.value.translated("zh_CN") and "改约" in refused.value.translated("zh_CN")
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        assert visit is not None and visit.approved_by_id is None
