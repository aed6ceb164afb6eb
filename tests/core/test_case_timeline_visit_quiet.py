"""The case's story says a visit's early or late time (quiet hours) was agreed by the borrower:
who and how, as the visit's details and the daily sheet do. QA: the story read "Visit V…: booked"
at 07:30 with nothing to tell the time was asked for. Times explicit, in Shanghai, whatever the
hour the tests run at."""

from __future__ import annotations

import pytest

from app.visits.quiet_consent import QuietAgreement
from tests.core.visit_office import (
    QUIET_AGREED_AT,
    book,
    build_visit_office,
    case_nos,
    slot,
    story_line,
    verified_visit,
)

AGREED_AT = QUIET_AGREED_AT


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def test_an_agreed_early_time_is_in_the_case_story(office) -> None:
    cases = case_nos(office)
    agreed = verified_visit(office, cases[0])
    agreement = QuietAgreement("张伟", AGREED_AT, "电话中本人要求上班前上门")
    assert book(office, agreed, start=slot(7, 30), quiet_agreement=agreement).saved
    assert "early or late time agreed by 张伟: 电话中本人要求上班前上门" in story_line(
        office, cases[0], agreed, "en"
    )
    assert "张伟同意清晨或夜间时间：电话中本人要求上班前上门" in story_line(
        office, cases[0], agreed, "zh_CN"
    )
    daytime = verified_visit(office, cases[1])
    assert book(office, daytime, start=slot(14)).saved
    assert "early or late" not in story_line(office, cases[1], daytime, "en")
