"""An SMS cannot reach a landline: one to a number on file kept as a home or work line (unless
the library knows it for a mobile), or to a typed number the library knows for a landline alone,
is refused as input — named masked, nothing recorded — by `contact log` and `contact check`
alike; an SMS with no number named goes to the borrower's first mobile, never the landline."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth import authenticate
from app.contacts import check_contact, log_contact
from app.country_data import takes_no_sms
from app.errors import ValidationError
from app.models import AuditEntry, BlockedAttempt, ContactAttempt, User
from tests.core.sms_office import (
    HOME,
    MOBILE,
    OTHER_LANDLINE,
    WORK_MOBILE,
    build_uk_case,
    yesterday,
)

ROUTES = ("log", "check")


def _office(db, *, mobiles: bool = True) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return build_uk_case(s, mobiles=mobiles)


def _contact(db, case_no: str, route: str, **fields):  # type: ignore[no-untyped-def]
    """The saved attempt (`log`) or the verdict (`check`) of an SMS by agent01."""
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    fields = {"channel": "sms", "party": "borrower", "outcome": "delivered"} | fields
    fields["at"] = yesterday(11)
    if route == "check":
        with db.sessions() as s:
            return check_contact(s, s.get(User, agent.id), case_no, **fields)
    with db.session(write_lock=True) as s:
        result = log_contact(s, s.get(User, agent.id), case_no, **fields)
        assert result.saved
        return result.attempt.phone_number


def _nothing_recorded(db) -> None:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
        assert s.scalar(select(func.count()).select_from(BlockedAttempt)) == 0
        assert s.scalar(select(func.count()).where(AuditEntry.action.like("contact.%"))) == 0


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("typed", "masked"),
    [("028 9032 1234", "+44 28****1234"), (OTHER_LANDLINE, "+44 11****0123")],
)
def test_an_sms_to_a_landline_is_refused(db, route: str, typed: str, masked: str) -> None:
    case_no = _office(db)
    with pytest.raises(ValidationError) as refused:
        _contact(db, case_no, route, phone_number=typed)
    assert refused.value.translated("en") == (
        f"{masked} is a landline: a landline cannot receive SMS."
    )
    assert refused.value.translated("zh_CN") == f"{masked} 是座机号码，座机无法接收短信。"
    _nothing_recorded(db)


def test_a_call_to_the_landline_and_an_sms_to_a_work_mobile_are_taken(db) -> None:
    case_no = _office(db)
    assert _contact(db, case_no, "log", channel="call", outcome="connected") == HOME
    assert _contact(db, case_no, "log", phone_number="07912 345679") == WORK_MOBILE
    assert _contact(db, case_no, "log", phone_number="07911 123456") == MOBILE


def test_an_sms_without_a_number_goes_to_a_mobile_not_the_primary_landline(db) -> None:
    case_no = _office(db)
    assert _contact(db, case_no, "log") == WORK_MOBILE
    with db.sessions() as s:
        assert s.scalar(select(ContactAttempt.phone_number)) == WORK_MOBILE


@pytest.mark.parametrize("route", ROUTES)
def test_an_sms_to_a_borrower_with_only_a_landline_is_refused(db, route: str) -> None:
    case_no = _office(db, mobiles=False)
    with pytest.raises(ValidationError) as refused:
        _contact(db, case_no, route)
    assert "+44 28****1234 is a landline" in refused.value.translated("en")
    assert "借款人没有登记手机号码" in refused.value.translated("zh_CN")
    _nothing_recorded(db)


def test_which_numbers_take_no_sms() -> None:
    assert takes_no_sms(HOME) and takes_no_sms(HOME, "mobile")  # a landline, however filed
    assert not takes_no_sms(WORK_MOBILE, "work") and not takes_no_sms(MOBILE, "home")
    # A US number may be either: its kind on file tells.
    assert takes_no_sms("+14158675309", "home") and takes_no_sms("+14158675309", "work")
    assert not takes_no_sms("+14158675309", "mobile") and not takes_no_sms("+14158675309")
    assert takes_no_sms("+861065550000", "home") and not takes_no_sms("+8613812345678", "home")
