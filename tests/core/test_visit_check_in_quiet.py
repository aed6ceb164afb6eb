"""A visit's check-in, allowed up to two hours before the booked start, is refused inside the
rule set's quiet hours for visits, naming the earliest allowed time (QA15: 06:39 in Chicago for
an 08:30 visit was taken, unflagged); the borrower's agreement to the visit's early or late time
(where the rule set lets it lift the rule) or a rule set that only warns leaves it alone. The
borrower is moved to a zone where it is 03:xx now (tests/core/zone_now.py), so no test depends
on the hour."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.models import User, Visit, VisitStatus
from app.visits import check_in
from app.visits.quiet_check_in import earliest_after
from tests.core.test_visits import come_due, office  # noqa: F401 (a fixture)
from tests.core.visit_office import book, case_nos, login, verified_visit
from tests.core.zone_now import move_visits_borrower, zone_where_it_is


def at_night(db, case_no: str) -> str:  # type: ignore[no-untyped-def]
    """A visit on the case booked to start in 30 minutes, its borrower where it is 03:xx now."""
    number = verified_visit(db, case_no)
    assert book(db, number, ("agent01", "agent02")).saved
    come_due(db, number, -dt.timedelta(minutes=30))
    with db.session() as s:
        move_visits_borrower(s, number, zone_where_it_is(3))
    return number


def _check_in(db, number: str) -> VisitStatus:  # type: ignore[no-untyped-def]
    user = login(db, "agent01")
    with db.session() as s:
        check_in(s, s.get(User, user.id), number)
    with db.sessions() as s:
        return s.scalar(select(Visit.status).where(Visit.visit_no == number))


def test_the_zone_chosen_has_the_hour_asked_for_at_every_hour() -> None:
    for hour in range(24):
        now = dt.datetime(2026, 12, 7, hour, 40, tzinfo=dt.UTC)
        for wanted in (3, 12):
            zone = zoneinfo.ZoneInfo(zone_where_it_is(wanted, now))
            assert now.astimezone(zone).hour == wanted


def test_the_earliest_allowed_time_is_the_end_of_the_quiet_hours() -> None:
    zone = dt.timezone(dt.timedelta(hours=-6))
    morning = dt.datetime(2026, 12, 7, 6, 39, tzinfo=zone)
    assert earliest_after(morning, dt.time(8)) == dt.datetime(2026, 12, 7, 8, tzinfo=zone)
    evening = dt.datetime(2026, 12, 7, 22, 15, tzinfo=zone)
    assert earliest_after(evening, dt.time(8)) == dt.datetime(2026, 12, 8, 8, tzinfo=zone)


def test_a_check_in_in_quiet_hours_is_refused_naming_the_earliest_time(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = at_night(office, case_nos(office)[0])
    with pytest.raises(ValidationError) as refused:
        _check_in(office, number)
    text = refused.value.translated("en")
    assert f"Visit {number}: 03:" in text
    assert "is within quiet hours (22:00–08:00); check in no earlier than " in text
    assert text.endswith(" 08:00.")
    assert "不早于" in refused.value.translated("zh_CN")
    with office.sessions() as s:
        assert s.scalar(select(Visit.status).where(Visit.visit_no == number)) is (
            VisitStatus.BOOKED
        )


def test_the_borrowers_agreement_to_the_time_lets_the_check_in_through(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = at_night(office, case_nos(office)[0])
    with office.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == number))
        visit.quiet_agreed_by, visit.quiet_agreed_how = "the borrower", "by phone"
        visit.quiet_agreed_at = dt.datetime.now(dt.UTC)
    assert _check_in(office, number) is VisitStatus.IN_PROGRESS
