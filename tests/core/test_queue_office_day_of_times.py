"""The queue dates a contact and a visit by the office's day they fall on, not by their UTC date:
a call at 20:00 in a New York office is 00:00 or 01:00 UTC the next day, and a visit at 07:30 in
Shanghai that the borrower agreed to is 23:30 UTC the day before. The times are explicit and in
the past or two weeks ahead, whatever the hour the tests run at."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.models import Borrower, Case, CaseStatus, Office, User
from app.office import office_today
from app.visits.quiet_consent import QuietAgreement
from tests.core.test_contacts import _log, _yesterday, office  # noqa: F401 (the fixture)
from tests.core.visit_office import (
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    slot,
    verified_visit,
)
from tests.core.visit_office import login as visit_login

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_an_evening_call_counts_on_the_offices_day_it_was_made(office) -> None:  # noqa: F811
    with office.session() as s:
        s.scalar(select(Office)).timezone = "America/New_York"
        s.scalar(select(Borrower)).timezone = "America/New_York"
    call = _yesterday(20, tz=NEW_YORK)  # the office's yesterday, the next day in UTC
    assert call.astimezone(dt.UTC).date() == call.date() + dt.timedelta(days=1)
    _verdict, saved = _log(office, at=call, outcome="no_answer")
    assert saved
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "priority.full.days_since_contact", 1)  # a day scores in full
        today = office_today(s)
        assert today == call.date() + dt.timedelta(days=1)
        rebuild_queue(s, None, today)
        case = s.scalar(select(Case))
        assert case.status is CaseStatus.CONTACTED
        # Called yesterday: worked again three days after the call (it said four), and a day
        # has passed since it (it said none).
        assert case.next_action_on == call.date() + dt.timedelta(days=3)
        assert case.score_breakdown["days_since_contact"] == 10


def test_an_early_visit_is_the_next_action_on_its_own_day(db) -> None:
    build_visit_office(db)
    case_no = case_nos(db)[0]
    visit_no = verified_visit(db, case_no)
    start = slot(7, 30)  # Shanghai, agreed by the borrower: 23:30 UTC the day before
    assert start.astimezone(dt.UTC).date() == start.date() - dt.timedelta(days=1)
    agreed_at = dt.datetime.now(SHANGHAI).replace(second=0, microsecond=0) - dt.timedelta(days=1)
    agreed = QuietAgreement("张伟（借款人本人）", agreed_at, "电话中本人要求上班前上门")
    assert book(db, visit_no, start=start, quiet_agreement=agreed).saved
    supervisor = visit_login(db, "supervisor")
    with db.session() as s:
        rebuild_queue(s, s.get(User, supervisor.id))
        case = s.scalar(select(Case).where(Case.case_no == case_no))
        assert case.status is CaseStatus.VISIT_BOOKED
        assert case.next_action_on == start.date()


@pytest.mark.parametrize(
    "zone", ["Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "America/Santiago", "UTC"]
)
def test_the_office_day_of_a_stored_minute_is_the_zone_s_date(zone: str) -> None:
    """The rebuild's reading of stored text (its UTC date's turn to the office's next day) gives
    the date zoneinfo gives, over two years of minutes, daylight saving changes at midnight
    (Santiago) and a 45-minute offset (Kathmandu) included."""
    from app.cases.rebuild import _OfficeDay

    place = zoneinfo.ZoneInfo(zone)
    office_day = _OfficeDay(place)
    start = dt.datetime(2025, 1, 1)
    for minute in range(0, 60 * 24 * 731, 13):
        at = start + dt.timedelta(minutes=minute)
        expected = at.replace(tzinfo=dt.UTC).astimezone(place).date()
        assert office_day(f"{at:%Y-%m-%d %H:%M:%S}.000000") == expected, at
        assert office_day(at.replace(tzinfo=dt.UTC)) == expected
