"""A report's period (office-local days, both inclusive), its UTC bounds and month ends, and the
facts every report header names: office, generated-at, the rule-set versions in force."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.compliance.history import InForce, timeline
from app.compliance.ruleset import RuleSet, RuleSetError
from app.compliance.versions import active_ruleset, parse_version
from app.errors import ValidationError
from app.models import BlockedAttempt, ContactAttempt, RuleSetVersion
from app.office import get_office, office_now, office_timezone, office_today
from app.paper import office_paper
from app.tabular import parse_date

MAX_DAYS = 366 * 5  # a period longer than five years is a typo, not a report
# A day before it is a typo ("0001-01-01"), and too early to count days and month ends back from.
EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    zone: str  # the office time zone the days are counted in

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[00:00 on the first day, 00:00 after the last day) in office time, as aware UTC."""
        tz = zoneinfo.ZoneInfo(self.zone)
        low = dt.datetime.combine(self.start, dt.time(), tz).astimezone(dt.UTC)
        high = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tz)
        return low, high.astimezone(dt.UTC)

    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


MISSING = {
    "start": "The start date is missing.",
    "end": "The end date is missing.",
    "as-of": "The as-of date is missing.",
    "day": "The day is missing.",
}
NO_SUCH_DATE = "There is no such date: {value}."  # app.tabular.parse_date's
NO_SUCH_DAY = {
    "start": "The start date {value} is no day of the calendar.",
    "end": "The end date {value} is no day of the calendar.",
    "as-of": "The as-of date {value} is no day of the calendar.",
    "day": "The day {value} is no day of the calendar.",
}
UNREADABLE = {
    "start": "Cannot read the start date {value!r}: write it as YYYY-MM-DD (year, month, day).",
    "end": "Cannot read the end date {value!r}: write it as YYYY-MM-DD (year, month, day).",
    "as-of": "Cannot read the as-of date {value!r}: write it as YYYY-MM-DD (year, month, day).",
    "day": "Cannot read the day {value!r}: write it as YYYY-MM-DD (year, month, day).",
}


def as_date(value: Any, what: str) -> dt.date:
    """A date from a date or text; anything else is a ValidationError naming `what`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(MISSING[what])
    try:
        day = parse_date(value)
    except ValidationError as exc:  # which date, and how to write it (found by QA)
        # Written as a date, yet no day of the calendar (2026-02-30): "write it as YYYY-MM-DD"
        # would not help (found by QA).
        words = NO_SUCH_DAY if exc.msgid == NO_SUCH_DATE else UNREADABLE
        raise ValidationError(words[what], value=str(value).strip()) from None
    if day < EARLIEST:
        raise ValidationError("No report covers days before 1900: {day}.", day=day.isoformat())
    return day


def not_after_today(session: Session, day: dt.date, message: str) -> None:
    """Refuse a date past today (`message` names {day} and {today}): a report states what
    happened, it does not project."""
    today = office_today(session)
    if day > today:
        raise ValidationError(message, day=f"{day:%Y-%m-%d}", today=f"{today:%Y-%m-%d}")


def make_period(session: Session, start: Any, end: Any) -> Period:
    """Validate a period: both dates readable, the end not before the start nor after today, at
    most five years."""
    first, last = as_date(start, "start"), as_date(end, "end")
    if last < first:
        raise ValidationError(
            "The period ends ({end}) before it starts ({start}).",
            start=f"{first:%Y-%m-%d}",
            end=f"{last:%Y-%m-%d}",
        )
    if (last - first).days > MAX_DAYS:
        raise ValidationError("A report covers at most five years.")
    not_after_today(
        session,
        last,
        "The period ends on {day}, after today ({today}): a report covers days gone by.",
    )
    return Period(first, last, office_timezone(session))


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The month end before `start`, then the end of every month up to `end` (the last one cut
    at `end`): the snapshots roll rates are measured between."""
    ends = [start.replace(day=1) - dt.timedelta(days=1)]
    month = start.replace(day=1)
    while month <= end:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        ends.append(min(following - dt.timedelta(days=1), end))
        month = following
    return ends


@dataclass(frozen=True)
class VersionDays:
    """A rule-set version of a report's period and the office-local days (both included) it was
    in force in it; no days for one that judged attempts of the period without being in force
    then (attempts recorded later with an earlier time)."""

    label: str  # "CN 2026.3"
    first: dt.date | None = None
    last: dt.date | None = None


@dataclass(frozen=True)
class Header:
    office_name: str
    generated_at: dt.datetime
    ruleset_versions: tuple[str, ...]  # "CN 2026.1", in the order they were in force
    ruleset_days: tuple[VersionDays, ...] = ()  # each stretch in force, in order
    currency: str = "CNY"  # the office's: what the amounts are in
    paper: str = "a4"  # what the report is laid out on (app/paper.py)


def version_label(jurisdiction: str, version: str) -> str:
    return f"{jurisdiction.upper()} {version}"


def _used(session: Session, low: dt.datetime, high: dt.datetime) -> dict[int, dt.datetime]:
    """The versions that judged the attempts (saved or blocked) of [low, high): the ground
    truth of what was in force, each with the earliest attempt it judged."""
    k, b = ContactAttempt, BlockedAttempt
    # Saved attempts: one seek of ix_contact_attempt_version_at per version stored (a handful),
    # never a pass over the period's attempts (tens of thousands a month).
    earliest = (
        select(func.min(k.at))
        .where(k.ruleset_version_id == RuleSetVersion.id, k.at >= low, k.at < high)
        .scalar_subquery()
    )
    found = list(session.execute(select(RuleSetVersion.id, earliest)))
    # Blocked attempts are few (their index by time, grouped).
    found += session.execute(
        select(b.ruleset_version_id, func.min(b.at))
        .where(b.at >= low, b.at < high, b.ruleset_version_id.is_not(None))
        .group_by(b.ruleset_version_id)
    )
    used: dict[int, dt.datetime] = {}
    for version_id, first in found:
        if version_id is not None and first is not None:
            at = as_utc(first)
            used[version_id] = min(at, used.get(version_id, at))
    return used


def _stretches(
    session: Session, low: dt.datetime, high: dt.datetime, used: dict[int, dt.datetime]
) -> list[InForce]:
    """The office's timeline of versions in force; the first version stored is taken as in
    force from `low` when it judged attempts of [low, high) before it was stored (a history
    imported, or the demo's)."""
    found = timeline(session)
    if found:
        first = found[0]
        earliest = used.get(first.version_id)
        if earliest is not None and earliest < first.start:
            found[0] = replace(first, start=low)
    return found


def ruleset_in_force_at(session: Session, instant: dt.datetime) -> RuleSet:
    """The rule set in force just before `instant` (the version of the office's jurisdiction
    then, switches back and forth included): a period is judged by the rules of its time (caps,
    their words), not by a version an admin stored after it. Before the first version was
    stored (history imported, or the demo's), the first one, which judged it; the active one when
    the version found no longer parses."""
    ruleset, active_id = active_ruleset(session)
    found = timeline(session)
    stretch = next((s for s in found if s.covers(instant)), found[0] if found else None)
    if stretch is None or stretch.version_id == active_id:
        return ruleset
    row = session.get(RuleSetVersion, stretch.version_id)
    try:
        return parse_version(row)
    except RuleSetError:
        return ruleset


@dataclass(frozen=True)
class Judged:
    """A stretch of a period judged by one rule-set version: [low, high) in UTC, and the
    office-local days it touches (both included; a day of a change is in two stretches)."""

    low: dt.datetime
    high: dt.datetime
    first: dt.date
    last: dt.date
    ruleset: RuleSet


def rulesets_in_period(session: Session, period: Period) -> list[Judged]:
    """The period cut where the version in force changed, each stretch with its version: before
    the first version was stored, the first one (it judged that history); a version that no
    longer parses, the version in force now (as `ruleset_in_force_at`). Found by QA: the whole
    period's caps were judged by the version of its last day."""
    low, high = period.utc_bounds()
    zone = zoneinfo.ZoneInfo(period.zone)
    found = [s for s in timeline(session) if s.start < high and (s.end is None or s.end > low)]
    if len(found) < 2:  # the usual office: one version all along
        ruleset = ruleset_in_force_at(session, high)
        return [Judged(low, high, period.start, period.end, ruleset)]
    active, active_id = active_ruleset(session)
    parsed: dict[int, RuleSet] = {active_id: active}
    judged = []
    for n, stretch in enumerate(found):
        if stretch.version_id not in parsed:
            try:
                row = session.get_one(RuleSetVersion, stretch.version_id)
                parsed[stretch.version_id] = parse_version(row)
            except RuleSetError:
                parsed[stretch.version_id] = active
        begin = low if n == 0 else max(stretch.start, low)
        end = high if stretch.end is None else min(stretch.end, high)
        first = begin.astimezone(zone).date()
        last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
        judged.append(Judged(begin, end, first, last, parsed[stretch.version_id]))
    return judged


def as_utc(at: dt.datetime) -> dt.datetime:
    """A stored timestamp (UTC, naive on SQLite) as aware UTC."""
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def versions_in_period(session: Session, period: Period) -> tuple[VersionDays, ...]:
    """Each version in force in the period, in order, with its days (a version in force twice,
    around a switch to another jurisdiction, is named twice), then any other version that judged
    the period's attempts; none for a period that ended before the office stored its first rule
    set."""
    low, high = period.utc_bounds()
    used = _used(session, low, high)
    zone = zoneinfo.ZoneInfo(period.zone)
    found: list[VersionDays] = []
    named: set[int] = set()
    for stretch in _stretches(session, low, high, used):
        if stretch.start >= high or (stretch.end is not None and stretch.end <= low):
            continue
        begin, end = max(stretch.start, low), min(stretch.end or high, high)
        last = (end - dt.timedelta(microseconds=1)).astimezone(zone).date()
        found.append(VersionDays(stretch.label, begin.astimezone(zone).date(), last))
        named.add(stretch.version_id)
    others = set(used) - named
    if others:
        r = RuleSetVersion
        rows = session.execute(
            select(r.jurisdiction, r.version).where(r.id.in_(others)).order_by(r.id)
        )
        found += [VersionDays(version_label(j, v)) for j, v in rows]
    return tuple(found)


def rulesets_in_force(session: Session, period: Period) -> tuple[str, ...]:
    """The versions in force in the period and those its verdicts used, each once, in the order
    they were in force (`versions_in_period`)."""
    return tuple(dict.fromkeys(v.label for v in versions_in_period(session, period)))


def versions_on_day(session: Session, day: dt.date) -> tuple[str, ...]:
    """The rule-set versions in force on one office-local day ("CN 2026.1"), as a period's
    header names them: a day-long document's footer (the visit sheet, the training roster)."""
    return rulesets_in_force(session, Period(day, day, office_timezone(session)))


def header(session: Session, period: Period) -> Header:
    office = get_office(session)
    days = versions_in_period(session, period)
    return Header(
        office.name if office else "",
        office_now(session),
        tuple(dict.fromkeys(v.label for v in days)),
        days,
        office.currency if office else "CNY",
        office_paper(session),
    )
