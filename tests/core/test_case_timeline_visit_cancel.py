"""The case's story says why a visit was cancelled, as the Visits page's detail and `visit show`
do, and where a moved visit was booked before and why it moved. QA: after Cancel visit… the case
page read "Visit V…: cancelled" and nothing more, the reason typed only on the Visits page; after
Reschedule… it read "Visit V…: booked" at the new time, the old one and the reason only in the
audit log. Times explicit, in Shanghai (slot()), whatever the hour the tests run at."""

from __future__ import annotations

import pytest

from app.models import User
from app.visits import cancel_visit, reschedule_visit
from tests.core.visit_office import (
    book,
    build_visit_office,
    case_nos,
    login,
    slot,
    story_line,
    verified_visit,
)


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def test_a_cancelled_visit_says_why_in_the_case_story(office) -> None:
    cases = case_nos(office)
    visit_no = verified_visit(office, cases[0])
    assert book(office, visit_no, start=slot(14)).saved
    assert "cancelled" not in story_line(office, cases[0], visit_no, "en")
    with office.session() as s:
        cancel_visit(s, login(office, "supervisor"), visit_no, "借款人已电话全额还款")
    assert "why cancelled: 借款人已电话全额还款" in story_line(office, cases[0], visit_no, "en")
    assert "取消原因：借款人已电话全额还款" in story_line(office, cases[0], visit_no, "zh_CN")


def test_a_moved_visit_says_its_old_slot_and_why_in_the_case_story(office) -> None:
    cases = case_nos(office)
    visit_no = verified_visit(office, cases[0])
    assert book(office, visit_no, start=slot(10)).saved
    assert "moved" not in story_line(office, cases[0], visit_no, "en")
    day = f"{slot(10):%Y-%m-%d}"
    agent = login(office, "agent01")
    for hour, reason in ((14, "借款人要求改到下午"), (16, "再次改约")):
        with office.session(write_lock=True) as s:
            moved = reschedule_visit(
                s, s.get(User, agent.id), visit_no, agents=("agent01", "agent02"),
                start=slot(hour), minutes=60, borrower_agreed=True, consent_to_enter=True,
                reason=reason,
            )  # fmt: skip
            assert moved.saved
    en = story_line(office, cases[0], visit_no, "en")
    assert f"moved from {day} 10:00–11:00: 借款人要求改到下午" in en
    assert f"moved from {day} 14:00–15:00: 再次改约" in en
    assert en.index("10:00–11:00") < en.index("14:00–15:00")  # oldest first
    zh = story_line(office, cases[0], visit_no, "zh_CN")
    assert f"由 {day} 10:00–11:00 改约：借款人要求改到下午" in zh


def test_a_move_of_the_team_alone_says_so_in_the_case_story(office) -> None:
    cases = case_nos(office)
    visit_no = verified_visit(office, cases[0])
    assert book(office, visit_no, start=slot(10)).saved
    agent = login(office, "agent01")
    with office.session(write_lock=True) as s:
        moved = reschedule_visit(
            s, s.get(User, agent.id), visit_no, agents=("agent01", "agent03"),
            start=slot(10), minutes=60, borrower_agreed=True, consent_to_enter=True,
            reason="杜平请假",
        )  # fmt: skip
        assert moved.saved
    en = story_line(office, cases[0], visit_no, "en")
    assert "team changed: 杜平请假" in en and "moved from" not in en
    assert "更换上门人员：杜平请假" in story_line(office, cases[0], visit_no, "zh_CN")
