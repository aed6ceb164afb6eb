"""A call or SMS to someone with no number on file is refused as input (QA16): the borrower
imported without a phone, or a related person recorded without one. Nothing is recorded (no
"connected" or "delivered" with no number), `contact log` and `contact check` alike, saying to
record a number first; a letter still goes, and an unnamed third party stays as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth import authenticate
from app.contacts import check_contact, log_contact
from app.errors import ValidationError
from app.i18n import tr
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Borrower,
    ContactAttempt,
    RelatedPerson,
    Relationship,
    User,
)
from tests.core.sms_office import build_uk_case, yesterday

BORROWER = (
    "The borrower has no phone number on file: record one first (Add… beside Phones on the "
    "borrower pane, or casedesk borrower phone)."
)
PERSON = (
    "Ann Byrne has no phone number on file: record one first (Edit… beside Related persons on "
    "the borrower pane, or casedesk borrower person edit … --phone)."
)


def _office(db) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """The case of a borrower with no phone, and their spouse recorded without a number."""
    with db.session() as s:
        case_no = build_uk_case(s, phones=False)
        borrower = s.scalar(select(Borrower))
        spouse = RelatedPerson(
            borrower_id=borrower.id, name="Ann Byrne", relation=Relationship.SPOUSE, phone=""
        )
        s.add(spouse)
        s.flush()
        return case_no, spouse.id


def _contact(db, case_no: str, route: str, **fields):  # type: ignore[no-untyped-def]
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    fields = {"party": "borrower", "at": yesterday(11)} | fields
    with db.session(write_lock=True) as s:
        go = check_contact if route == "check" else log_contact
        return go(s, s.get(User, agent.id), case_no, **fields)


def _nothing_recorded(db) -> None:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 0
        assert s.scalar(select(func.count()).where(AuditEntry.action.like("contact.%"))) == 0


@pytest.mark.parametrize("route", ["log", "check"])
@pytest.mark.parametrize(
    ("channel", "outcome"), [("sms", "delivered"), ("call", "connected"), ("call", "no_answer")]
)
def test_the_borrower_with_no_number_is_refused(db, route, channel, outcome) -> None:
    case_no, _spouse = _office(db)
    with pytest.raises(ValidationError) as refused:
        _contact(db, case_no, route, channel=channel, outcome=outcome)
    assert refused.value.translated("en") == BORROWER
    assert refused.value.translated("zh_CN") == (
        "借款人没有登记电话号码：请先登记号码（借款人页“电话”旁的“添加…”，或 casedesk borrower "
        "phone）。"
    )
    _nothing_recorded(db)


@pytest.mark.parametrize("route", ["log", "check"])
@pytest.mark.parametrize("channel", ["sms", "call"])
def test_a_related_person_with_no_number_is_refused(db, route, channel) -> None:
    case_no, spouse = _office(db)
    outcome = "delivered" if channel == "sms" else "connected"
    with pytest.raises(ValidationError) as refused:
        _contact(
            db,
            case_no,
            route,
            channel=channel,
            party="relative",
            related_person_id=spouse,
            outcome=outcome,
        )
    assert refused.value.translated("en") == PERSON
    assert tr(refused.value.msgid, "zh_CN", **refused.value.params).startswith(
        "Ann Byrne 没有登记电话号码：请先登记号码"
    )
    _nothing_recorded(db)


def test_a_typed_number_or_a_letter_still_goes(db) -> None:
    case_no, _spouse = _office(db)
    letter = _contact(db, case_no, "log", channel="letter", outcome="delivered")
    assert letter.saved and letter.attempt.phone_number is None
    call = _contact(
        db, case_no, "log", channel="call", outcome="connected", phone_number="07911 123456"
    )
    assert call.saved and call.attempt.phone_number == "+447911123456"
