"""A booked visit whose time passed with no check-in, on which no no-show can be recorded: still
awaiting a supervisor's approval, or on a case an open complaint pauses (app/visits/checkout.py
refuses the no-show there). QA: the advice said "record a no-show or cancel it" all the same;
now it offers the cancellation only, on the flag, the visit, its case and a refused request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import settings
from app.errors import ValidationError
from app.models import User
from app.queries.case_page import case_detail
from app.visits import no_show_refusal, request_visit
from app.visits.detail import missed_text, visit_detail
from app.visits.no_check_in import advice, advice_for_all, all_cancel_only, missed_check_ins
from tests.core.missed_visit import SLOT, missed_visit
from tests.core.test_visit_pause import pause_case
from tests.core.test_visits import _run
from tests.core.visit_office import SHANGHAI, build_visit_office, login

NO_SHOW_OFFERED = "a no-show if they went and met nobody"


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def _require_approval(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "visit.approval_required", 1)


def _refused(office, number: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the core refuses agent01 (on the team) the no-show."""
    with office.session() as s:
        return no_show_refusal(s, s.get(User, login(office, "agent01").id), number) is not None


def _said(office, number: str, case_no: str, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every place the advice shows in the core: the flag, the visit's view, its case's note."""
    with office.session() as s:
        (flag,) = missed_check_ins(s)
        detail = visit_detail(s, s.get(User, login(office, "agent01").id), number)
        note = case_detail(s, login(office, "supervisor"), case_no, lang).visit_note
    assert note is not None
    return [
        advice(flag, lang),
        advice_for_all([flag], lang),
        missed_text(detail, SHANGHAI, lang),
        note,
    ]


def test_an_unapproved_visit_is_told_to_be_cancelled_not_recorded_as_a_no_show(office):
    _require_approval(office)
    number, case_no = missed_visit(office)
    with office.session() as s:
        (flag,) = missed_check_ins(s)
    assert flag.awaiting_approval and not flag.paused and flag.cancel_only
    assert _refused(office, number)  # what the advice no longer offers
    for text in _said(office, number, case_no, "en"):
        assert "call them first" in text and "cancel the visit with a reason" in text, text
        assert "never approved, so it cannot be recorded as a no-show" in text
        assert NO_SHOW_OFFERED not in text
    for text in _said(office, number, case_no, "zh_CN"):
        assert "取消该上门" in text and "未获审批，不能记录为未见到本人" in text, text
        assert "记录为未见到本人；" not in text  # the offer of a no-show
    with pytest.raises(ValidationError) as refused:
        _run(office, "agent01", request_visit, case_no)
    said = refused.value.translated("en")
    assert number in said and SLOT in said and "cancel it with a reason" in said
    assert "no-show" not in said
    assert "请记录为未见到本人" not in refused.value.translated("zh_CN")


def test_a_paused_case_s_visit_is_told_to_be_cancelled_not_recorded_as_a_no_show(office):
    number, case_no = missed_visit(office)
    pause_case(office, case_no)
    with office.session() as s:
        (flag,) = missed_check_ins(s)
    assert flag.paused and flag.cancel_only
    assert _refused(office, number)
    for text in _said(office, number, case_no, "en"):
        assert "cancel the visit with a reason: an open complaint pauses contact" in text, text
        assert NO_SHOW_OFFERED not in text
    for text in _said(office, number, case_no, "zh_CN"):
        assert "联系已暂停，不能记录为未见到本人" in text, text


def test_an_approved_visit_on_a_case_not_paused_is_still_offered_the_no_show(office):
    number, case_no = missed_visit(office)
    with office.session() as s:
        (flag,) = missed_check_ins(s)
    assert not flag.cancel_only and not all_cancel_only([flag])
    assert not _refused(office, number)  # the advice offers what the core takes
    for text in _said(office, number, case_no, "en"):
        assert NO_SHOW_OFFERED in text, text


def test_a_list_names_the_visits_that_can_only_be_cancelled(office):
    """`visit alerts` and the Visits page's banner: one piece of advice under several visits."""
    first, _ = missed_visit(office, 0)
    second, second_case = missed_visit(office, 1)
    with office.session() as s:
        both = missed_check_ins(s)
    assert {m.visit_no for m in both} == {first, second}
    said = advice_for_all(both, "en")
    assert NO_SHOW_OFFERED in said and "cannot be recorded" not in said
    pause_case(office, second_case)
    with office.session() as s:
        both = missed_check_ins(s)
    assert not all_cancel_only(both)
    said = advice_for_all(both, "en")
    assert NO_SHOW_OFFERED in said
    assert f"Visit {second} cannot be recorded as a no-show: an open complaint pauses" in said
    assert first not in said
    chinese = advice_for_all(both, "zh_CN")
    assert f"上门 {second} 不能记录为未见到本人" in chinese
    pause_case(office, _case_of(office, first))
    with office.session() as s:
        both = missed_check_ins(s)
    assert all_cancel_only(both)
    said = advice_for_all(both, "en")
    assert NO_SHOW_OFFERED not in said and "cancel each visit with a reason" in said
    assert first in said and second in said


def _case_of(office, number: str) -> str:  # type: ignore[no-untyped-def]
    from app.models import Case, Visit

    with office.session() as s:
        return str(
            s.scalar(
                select(Case.case_no)
                .join(Visit, Visit.case_id == Case.id)
                .where(Visit.visit_no == number)
            )
        )
