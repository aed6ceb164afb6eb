"""A paste of 100,000 characters into a complaint, a note on it, a visit's cancellation, a
training's evidence or a supervisor's reason is refused with its length and the limit, in both
languages, and nothing is saved (before, each was kept whole, however long)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.complaints import add_note, record_complaint
from app.errors import ValidationError
from app.i18n import set_language
from app.models import Case, CaseStatus, Complaint, Course, TrainingRecord, User, Visit
from app.reasons import short_reason
from app.training.records import record_training
from app.visits.common import CANCELLABLE
from app.visits.lifecycle import cancel_visit
from tests.office_day import office_today

PASTE = "据称" * 50_000  # 100,000 characters
TOO_LONG = "The text is too long: 100,000 characters, at most 2,000."


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _complaint(s, description: str = "Called three times in an hour.") -> Complaint:
    case_no = s.scalar(
        select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
    )
    return record_complaint(
        s,
        _user(s, "supervisor"),
        case_no=case_no,
        agent_username=None,
        received_on=office_today(),
        source="borrower",
        channel="phone",
        category="harassment",
        description=description,
    )


def test_a_complaint_s_description_is_refused_in_both_languages(demo_db):
    with demo_db.session() as s:
        before = s.scalar(select(func.count(Complaint.id)))
    with pytest.raises(ValidationError) as refused, demo_db.session() as s:
        _complaint(s, PASTE)
    assert str(refused.value) == TOO_LONG
    set_language("zh_CN")
    try:
        assert refused.value.translated() == "内容过长：100,000 个字符，最多 2,000 个。"
    finally:
        set_language(None)
    with demo_db.session() as s:
        assert s.scalar(select(func.count(Complaint.id))) == before


def test_a_note_on_a_complaint_is_refused(demo_db):
    with demo_db.session() as s:
        number = _complaint(s).complaint_no
    with pytest.raises(ValidationError, match=TOO_LONG), demo_db.session() as s:
        add_note(s, _user(s, "supervisor"), number, PASTE)
    with demo_db.session() as s:
        notes = s.scalar(
            select(Complaint.investigation_notes).where(Complaint.complaint_no == number)
        )
        assert "据称" not in notes


def test_a_visit_s_cancellation_is_refused(demo_db):
    with demo_db.session() as s:
        visit_no = s.scalar(
            select(Visit.visit_no).where(Visit.status.in_(CANCELLABLE)).order_by(Visit.id).limit(1)
        )
    assert visit_no is not None
    with pytest.raises(ValidationError, match=TOO_LONG), demo_db.session() as s:
        cancel_visit(s, _user(s, "supervisor"), visit_no, PASTE)
    with demo_db.session() as s:
        assert s.scalar(select(Visit.status).where(Visit.visit_no == visit_no)) in CANCELLABLE


def test_a_training_s_evidence_is_refused(demo_db):
    with demo_db.session() as s:
        before = s.scalar(select(func.count(TrainingRecord.id)))
    with pytest.raises(ValidationError, match=TOO_LONG), demo_db.session() as s:
        course = s.scalar(select(Course).order_by(Course.id).limit(1))
        record_training(
            s,
            _user(s, "supervisor"),
            _user(s, "agent01"),
            course,
            taken_on=office_today(),
            score=95,
            evidence=PASTE,
        )
    with demo_db.session() as s:
        assert s.scalar(select(func.count(TrainingRecord.id))) == before


def test_a_reason_is_refused_past_its_limit_not_asked_to_be_longer():
    refusal = short_reason(PASTE)
    assert refusal is not None
    assert str(refusal) == "The reason is too long: 100,000 characters, at most 2,000."
    assert short_reason("家属代为同意回电" + "。" * 1_990) is None  # 1,998 characters: kept
