"""A visit booked on a day the office's clocks change (New York: 2026-03-08 02:00 → 03:00,
2026-11-01 02:00 → 01:00): a start written at a time the clocks skip is refused, naming the jump,
rather than saved an hour from what was written; an instant in UTC or in the hour that comes
twice stands as written. `now` is fixed before the change, whatever the day the tests run."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.models import Office, User
from app.visits import check_booking
from app.wall_clock import gap_at, wall_time
from tests.core.visit_office import build_visit_office, case_nos, login, verified_visit

NY = zoneinfo.ZoneInfo("America/New_York")
LONDON = zoneinfo.ZoneInfo("Europe/London")
BEFORE = dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)  # "now": before both changes


@pytest.fixture
def office(db):
    build_visit_office(db)
    with db.session() as s:
        s.scalar(select(Office)).timezone = "America/New_York"
    return db


def _check(db, visit_no: str, start: dt.datetime):  # type: ignore[no-untyped-def]
    user = login(db, "agent01")
    with db.session() as s:
        return check_booking(
            s,
            s.get(User, user.id),
            visit_no,
            agents=("agent01", "agent02"),
            start=start,
            minutes=60,
            borrower_agreed=True,
            consent_to_enter=True,
            now=BEFORE,
        )


@pytest.mark.parametrize("offset", [-5, -4])
def test_a_start_the_clocks_skip_is_refused_with_either_offset(office, offset: int) -> None:
    visit_no = verified_visit(office, case_nos(office)[0])
    written = dt.datetime(2026, 3, 8, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=offset)))
    with pytest.raises(ValidationError) as refused:
        _check(office, visit_no, written)
    text = refused.value.translated("en")
    assert "2026-03-08 02:30 does not exist on the office's clock (America/New_York)" in text
    assert "from 02:00 to 03:00" in text
    assert "2026-03-08 02:30" in refused.value.translated("zh_CN")


def test_a_python_time_in_the_gap_is_refused_too(office) -> None:
    visit_no = verified_visit(office, case_nos(office)[0])
    with pytest.raises(ValidationError, match="does not exist"):
        _check(office, visit_no, dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY))


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC),  # an instant: 03:30 EDT
        dt.datetime(2026, 3, 8, 3, 30, tzinfo=NY),
        dt.datetime(2026, 3, 8, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),  # Shanghai's
        dt.datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=1),  # the second 01:30 (EST)
    ],
)
def test_times_that_exist_are_judged_not_refused(office, start: dt.datetime) -> None:
    visit_no = verified_visit(office, case_nos(office)[0])
    assert _check(office, visit_no, start).findings is not None


def test_the_gap_is_found_on_each_zones_own_night() -> None:
    ny = gap_at(dt.datetime(2026, 3, 8, 2, 30), NY)
    assert ny is not None and (ny.start.hour, ny.end.hour) == (2, 3)
    uk = gap_at(dt.datetime(2026, 3, 29, 1, 15), LONDON)
    assert uk is not None and (uk.start.hour, uk.end.hour) == (1, 2)
    assert gap_at(dt.datetime(2026, 3, 8, 3, 0), NY) is None
    assert gap_at(dt.datetime(2026, 11, 1, 1, 30), NY) is None  # comes twice, not skipped
    assert gap_at(dt.datetime(2026, 3, 8, 2, 30), zoneinfo.ZoneInfo("Asia/Shanghai")) is None


def test_the_hour_that_comes_twice_is_shown_with_its_zone() -> None:
    def utc(hour: int, minute: int = 30, day: int = 1, month: int = 11) -> dt.datetime:
        return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)

    assert wall_time(utc(5), NY) == "2026-11-01 01:30 EDT"
    assert wall_time(utc(6), NY) == "2026-11-01 01:30 EST"
    assert wall_time(utc(7), NY) == "2026-11-01 02:30"
    assert wall_time(utc(4), NY) == "2026-11-01 00:30"
    assert wall_time(utc(0, day=25, month=10), LONDON) == "2026-10-25 01:30 BST"
    assert wall_time(utc(1, day=25, month=10), LONDON) == "2026-10-25 01:30 GMT"
    assert wall_time(utc(6), NY, "%Y-%m-%d") == "2026-11-01"  # a date alone needs no zone


def test_the_case_timeline_shows_the_repeated_hour_with_its_zone() -> None:
    from app.queries.case_story import TimelineItem

    first = TimelineItem(dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC), "contact", "Call")
    again = TimelineItem(dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC), "contact", "Call")
    paid = TimelineItem(dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC), "payment", "", dated=True)
    assert (first.when(NY), again.when(NY)) == ("2026-11-01 01:30 EDT", "2026-11-01 01:30 EST")
    assert paid.when(NY) == "2026-11-01"


def test_a_skipped_time_is_not_taken_for_one_that_comes_twice() -> None:
    from app.wall_clock import repeated

    assert repeated(dt.datetime(2026, 11, 1, 1, 30, tzinfo=NY))
    assert repeated(dt.datetime(2026, 11, 1, 1, 30, tzinfo=NY, fold=1))
    assert not repeated(dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY))  # skipped, not repeated
    assert not repeated(dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY, fold=1))
    assert not repeated(dt.datetime(2026, 11, 1, 2, 30, tzinfo=NY))


@pytest.fixture
def london(db):
    build_visit_office(db)
    with db.session() as s:
        s.scalar(select(Office)).timezone = "Europe/London"
    return db


def test_a_london_time_in_the_gap_is_refused_though_gmt_is_an_offset_of_zero(london) -> None:
    visit_no = verified_visit(london, case_nos(london)[0])
    with pytest.raises(ValidationError) as refused:
        _check(london, visit_no, dt.datetime(2026, 3, 29, 1, 30, tzinfo=LONDON))
    assert "2026-03-29 01:30 does not exist on the office's clock (Europe/London)" in str(
        refused.value
    )
    assert "from 01:00 to 02:00" in str(refused.value)
    # An instant in UTC stands: 01:30 UTC is 02:30 BST.
    start = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)
    assert _check(london, visit_no, start).findings is not None


def test_an_agreement_dated_at_a_time_the_clocks_skip_is_refused(office) -> None:
    from app.visits.quiet_consent import QuietAgreement

    visit_no = verified_visit(office, case_nos(office)[0])
    user = login(office, "agent01")
    agreed = QuietAgreement("张伟", dt.datetime(2026, 3, 8, 2, 30, tzinfo=NY), "电话中本人同意")
    with office.session() as s, pytest.raises(ValidationError, match="02:30 does not exist"):
        check_booking(
            s,
            s.get(User, user.id),
            visit_no,
            agents=("agent01", "agent02"),
            start=dt.datetime(2026, 3, 9, 23, 0, tzinfo=NY),
            minutes=60,
            borrower_agreed=True,
            consent_to_enter=True,
            quiet_agreement=agreed,
            now=dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC),
        )


def test_a_range_beside_a_zone_is_spaced_so_it_does_not_read_as_an_offset() -> None:
    from app.wall_clock import span

    first = wall_time(dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC), LONDON, "%H:%M")
    assert span(first, "02:00") == "01:30 GMT – 02:00"  # not "GMT–02:00", an offset
    assert span("00:30", "01:30 BST") == "00:30 – 01:30 BST"
    assert span("10:00", "11:00") == "10:00–11:00"
