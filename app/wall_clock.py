"""Wall-clock times in a zone that keeps daylight saving: an hour that comes twice when the
clocks go back (01:30 in New York on 2026-11-01, first on EDT then on EST) is shown with its
zone's abbreviation, so two entries an hour apart do not read as the same minute; and a time
that never comes when the clocks go forward (02:30 on 2026-03-08) is named as such."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.errors import ValidationError
from app.i18n import tr


def abbreviation(local: dt.datetime) -> str:
    """The zone's short name for an aware local time ("EDT", "GMT"), else its offset."""
    name = local.tzname() or ""
    if name.isalpha():
        return name
    from app.clock import utc_offset  # here: the queue's first paint must not load SQLAlchemy

    return utc_offset(local.utcoffset() or dt.timedelta())


def repeated(local: dt.datetime) -> bool:
    """Whether an aware local time's wall clock reading comes twice (the hour the clocks go
    back), not one the clocks skip (where the two offsets differ the other way round)."""
    first, second = local.replace(fold=0).utcoffset(), local.replace(fold=1).utcoffset()
    return first is not None and second is not None and first > second


def wall_time(moment: dt.datetime, zone: dt.tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """`moment` on `zone`'s clock in `fmt`, with the zone's abbreviation when that reading comes
    twice ("2026-11-01 01:30 EDT", then "2026-11-01 01:30 EST")."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(zone)
    shown = local.strftime(fmt)
    if "%H" in fmt and repeated(local):
        return f"{shown} {abbreviation(local)}"
    return shown


def office_clock(local: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware time already on the office's clock (read back in the office's zone) in `fmt`,
    with its zone's abbreviation in the hour that comes twice."""
    assert local.tzinfo is not None, "a naive time is UTC: use wall_time with the office's zone"
    return wall_time(local, local.tzinfo, fmt)


def span(start: str, end: str) -> str:
    """Two times as a range, "10:00–11:00"; spaced when a zone's abbreviation stands beside the
    dash ("01:30 GMT – 02:00"), which would read as an offset (GMT−02:00) if it touched it."""
    if start[-1:].isalpha() or end[-1:].isalpha():
        return f"{start} – {end}"
    return f"{start}–{end}"


def end_clock(
    start: dt.datetime,
    end: dt.datetime,
    zone: dt.tzinfo,
    fmt: str = "%H:%M",
    lang: str | None = None,
) -> str:
    """A visit's end on `zone`'s clock in `fmt`, marked when it falls on the day after its start,
    "01:00 (+1 day)" / "次日 01:00" (QA: "23:30–01:00" did not say 01:00 was the next day); the
    full date when later still."""
    shown = wall_time(end, zone, fmt)
    days = (end.astimezone(zone).date() - start.astimezone(zone).date()).days
    if days <= 0 or "%d" in fmt:
        return shown
    if days > 1:
        return wall_time(end, zone, "%Y-%m-%d " + fmt)
    return tr("{time} (+1 day)", lang, time=shown)


@dataclass(frozen=True)
class Gap:
    """The clocks going forward: wall times from `start` to `end` do not exist that day."""

    start: dt.datetime  # naive local wall time the clocks jump from ("02:00")
    end: dt.datetime  # naive local wall time they jump to ("03:00")


def gap_at(wall: dt.datetime, zone: dt.tzinfo) -> Gap | None:
    """The gap a naive wall time falls in on `zone`'s clock (None when the time exists)."""
    naive = wall.replace(tzinfo=None, fold=0)
    before = naive.replace(tzinfo=zone).utcoffset()
    after = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if before is None or after is None or after <= before:
        return None  # no jump forward here (the same offset, or an hour that comes twice)
    # The change falls between the two readings of `naive`: find its minute.
    low, high = naive - after, naive - before  # naive UTC
    while high - low > dt.timedelta(minutes=1):
        mid = low + (high - low) / 2
        if mid.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset() == after:
            high = mid
        else:
            low = mid
    change = high.replace(second=0, microsecond=0)
    return Gap(change + before, change + after)


def skipped_time(
    wall: dt.datetime, zone: dt.tzinfo, whose: str = "office"
) -> ValidationError | None:
    """The refusal of a wall time the clocks skip on `zone`'s clock, naming the jump ("02:30
    does not exist …: the clocks go forward from 02:00 to 03:00"); None when the time exists.
    `whose` clock it is: the office's (a visit's start) or the borrower's (a contact's time)."""
    gap = gap_at(wall, zone)
    if gap is None:
        return None
    words = {
        "time": f"{wall:%Y-%m-%d %H:%M}",
        "zone": getattr(zone, "key", str(zone)),
        "start": f"{gap.start:%H:%M}",
        "end": f"{gap.end:%H:%M}",
    }
    if whose == "borrower":
        return ValidationError(
            "{time} does not exist on the borrower's clock ({zone}): the clocks go forward from "
            "{start} to {end} that night. Choose a time before {start} or from {end}.",
            **words,
        )
    return ValidationError(
        "{time} does not exist on the office's clock ({zone}): the clocks go forward from {start} "
        "to {end} that night. Choose a time before {start} or from {end}.",
        **words,
    )


def refuse_skipped(at: dt.datetime, zone: dt.tzinfo, whose: str = "office") -> None:
    """Refuse an aware time written on `zone`'s clock at a time the clocks skip (02:30 in New
    York on 2026-03-08): read with either offset it would be an hour away from what was written.
    A time written in UTC, or on another zone's offset, is an instant and stands."""
    offset = at.utcoffset()
    if offset is None or at.tzinfo is dt.UTC:
        return  # London's GMT is an offset of zero too: only UTC itself is an instant
    gap = gap_at(at, zone)
    if gap is None:
        return
    before = gap.start.replace(tzinfo=zone).utcoffset() or dt.timedelta()
    if offset not in (before, before + (gap.end - gap.start)):
        return  # another zone's wall time
    refusal = skipped_time(at, zone, whose)
    if refusal is not None:
        raise refusal
