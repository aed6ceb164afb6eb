"""A contact logged on a night the borrower's clocks change (New York, London; tests/core/
dst_night.py): a time written at one the clocks skip is refused, naming the jump on the
borrower's clock, rather than saved an hour on (02:30 became 03:30); the second reading of the
hour that comes twice is saved as the second; an instant in UTC stands. The cases are opened a
month before the night, the borrower agreed to calls at any hour (the night's hours are quiet)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select, update

from app.contacts import check_contact, log_contact
from app.errors import ValidationError
from app.models import Borrower, Case, ContactAttempt, Office, User
from app.wall_clock import gap_at, skipped_time
from tests.core.dst_night import last_repeated, last_skipped
from tests.core.visit_office import build_visit_office, case_nos, login

NEW_YORK, LONDON = "America/New_York", "Europe/London"


def on_the_clock(db, key: str, night: dt.date, office: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """The office (on `office`'s clock, else `key`'s) and its borrowers on `key`'s clock, the
    cases opened a month before `night`, and calls at night agreed to."""
    with db.session() as s:
        s.scalar(select(Office)).timezone = office or key
        s.execute(update(Borrower).values(timezone=key, quiet_hours_consent=True))
        s.execute(update(Case).values(opened_on=night - dt.timedelta(days=30)))


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def fields(at: dt.datetime) -> dict[str, object]:
    return {"channel": "call", "party": "borrower", "at": at, "outcome": "no_answer"}


def log(db, at: dt.datetime):  # type: ignore[no-untyped-def]
    user = login(db, "supervisor")
    with db.session(write_lock=True) as s:
        return log_contact(s, s.get(User, user.id), case_nos(db)[0], **fields(at))  # type: ignore[arg-type]


def check(db, at: dt.datetime):  # type: ignore[no-untyped-def]
    user = login(db, "supervisor")
    with db.session() as s:
        return check_contact(s, s.get(User, user.id), case_nos(db)[0], **fields(at))


def saved_times(db) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        rows = s.scalars(select(ContactAttempt.at).order_by(ContactAttempt.id))
        return [at.replace(tzinfo=dt.UTC) for at in rows]


# Written on the zone, or with the offset before or after the jump (-05:00, -04:00); London's
# +00:00 is UTC itself, an instant (01:30 GMT is 02:30 BST), which stands.
@pytest.mark.parametrize(
    ("key", "written"),
    [
        (NEW_YORK, "zone"),
        (NEW_YORK, "before"),
        (NEW_YORK, "after"),
        (LONDON, "zone"),
        (LONDON, "after"),
    ],
)
def test_a_time_the_borrowers_clocks_skip_is_refused_naming_the_jump(
    office, key: str, written: str
) -> None:
    zone = zoneinfo.ZoneInfo(key)
    wall = last_skipped(key)  # 02:30 in New York, 01:30 in London
    gap = gap_at(wall, zone)
    assert gap is not None
    on_the_clock(office, key, wall.date(), office="Asia/Shanghai")
    before = gap.start.replace(tzinfo=zone).utcoffset()
    after = gap.end.replace(tzinfo=zone).utcoffset()
    assert before is not None and after is not None
    tz = {"zone": zone, "before": dt.timezone(before), "after": dt.timezone(after)}[written]
    at = wall.replace(tzinfo=tz)
    for attempt in (check, log):
        with pytest.raises(ValidationError) as refused:
            attempt(office, at)
        text = refused.value.translated("en")
        assert text.startswith(
            f"{wall:%Y-%m-%d %H:%M} does not exist on the borrower's clock ({key}): the clocks "
            f"go forward from {gap.start:%H:%M} to {gap.end:%H:%M} that night."
        )
        refusal = skipped_time(wall, zone, "borrower")
        assert refusal is not None and refused.value.translated("zh_CN") == refusal.translated(
            "zh_CN"
        )
        assert "借款人" in refusal.translated("zh_CN")
    assert saved_times(office) == []


@pytest.mark.parametrize("key", [NEW_YORK, LONDON])
def test_times_around_the_jump_and_instants_in_it_are_saved(office, key: str) -> None:
    zone = zoneinfo.ZoneInfo(key)
    wall = last_skipped(key)
    gap = gap_at(wall, zone)
    assert gap is not None
    on_the_clock(office, key, wall.date())
    instant = wall.replace(tzinfo=dt.UTC)  # UTC is an instant, whatever the borrower's clock
    shanghai = wall.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))  # another zone's 02:30
    just_before = (gap.start - dt.timedelta(minutes=1)).replace(tzinfo=zone)
    jumped_to = gap.end.replace(tzinfo=zone)
    for at in (instant, shanghai, just_before, jumped_to):
        assert log(office, at).saved
    assert saved_times(office) == [
        a.astimezone(dt.UTC) for a in (instant, shanghai, just_before, jumped_to)
    ]


@pytest.mark.parametrize("key", [NEW_YORK, LONDON])
def test_the_second_reading_of_the_repeated_hour_is_saved_as_the_second(office, key: str) -> None:
    first = last_repeated(key)  # 01:30 EDT (BST) on the last night the clocks went back
    second = first.replace(fold=1)  # 01:30 EST (GMT), an hour later
    on_the_clock(office, key, first.date())
    assert log(office, first).saved and log(office, second).saved
    assert saved_times(office) == [first.astimezone(dt.UTC), second.astimezone(dt.UTC)]
    assert saved_times(office)[1] - saved_times(office)[0] == dt.timedelta(hours=1)
