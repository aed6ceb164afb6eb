"""The case's story says why a visit was cancelled, as the Visits page's detail and `visit show`
do. QA: after Cancel visit… the case page read "Visit V…: cancelled" and nothing more, the reason
the supervisor typed only on the Visits page."""

from __future__ import annotations

import pytest

from app.queries.case_page import case_detail
from app.visits import cancel_visit
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _line(office, case_no: str, visit_no: str, lang: str) -> str:
    with office.session() as s:
        items = case_detail(s, login(office, "supervisor"), case_no, lang).timeline
    (item,) = [i for i in items if i.kind == "visit" and visit_no in i.title]
    return item.detail


def test_a_cancelled_visit_says_why_in_the_case_story(office) -> None:
    cases = case_nos(office)
    visit_no = verified_visit(office, cases[0])
    assert book(office, visit_no, start=slot(14)).saved
    assert "cancelled" not in _line(office, cases[0], visit_no, "en")
    with office.session() as s:
        cancel_visit(s, login(office, "supervisor"), visit_no, "借款人已电话全额还款")
    assert "why cancelled: 借款人已电话全额还款" in _line(office, cases[0], visit_no, "en")
    assert "取消原因：借款人已电话全额还款" in _line(office, cases[0], visit_no, "zh_CN")
