"""A report's period (office-local days, both inclusive), its UTC bounds and month ends, and the
facts every report header names: office, generated-at, the rule-set versions in force."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.compliance.ruleset import RuleSet, RuleSetError
from app.compliance.versions import active_ruleset, parse_version
from app.errors import ValidationError
from app.models import BlockedAttempt, ContactAttempt, RuleSetVersion
from app.office import get_office, office_now, office_today
from app.queries.case_page import office_timezone
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
}


def as_date(value: Any, what: str) -> dt.date:
    """A date from a date or text; anything else is a ValidationError naming `what`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(MISSING[what])
    day = parse_date(value)
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
class Header:
    office_name: str
    generated_at: dt.datetime
    ruleset_versions: tuple[str, ...]  # "CN 2026.1", oldest first


def version_label(jurisdiction: str, version: str) -> str:
    return f"{jurisdiction.upper()} {version}"


def _in_force_at(session: Session, instant: dt.datetime) -> set[int]:
    """The id of the version in force just before `instant`: the active one if it was stored by
    then, else the newest of its jurisdiction stored by then; none before the first was stored."""
    _ruleset, active_id = active_ruleset(session)
    r = RuleSetVersion
    active = session.get(r, active_id)
    if active is None or as_utc(active.created_at) < instant:
        return {active_id}
    before = session.scalar(
        select(r.id)
        .where(r.jurisdiction == active.jurisdiction, r.created_at < instant)
        .order_by(r.created_at.desc(), r.id.desc())
        .limit(1)
    )
    return set() if before is None else {before}


def ruleset_in_force_at(session: Session, instant: dt.datetime) -> RuleSet:
    """The rule set in force just before `instant`: a period is judged by the rules of its time
    (caps, their words), not by a version an admin stored after it. Before the first version was
    stored (history imported, or the demo's), the first one, which judged it; the active one when
    the version found no longer parses."""
    ruleset, active_id = active_ruleset(session)
    found = _in_force_at(session, instant)
    if not found:
        r = RuleSetVersion
        first = session.scalar(
            select(r.id)
            .where(r.jurisdiction == ruleset.jurisdiction)
            .order_by(r.created_at, r.id)
            .limit(1)
        )
        found = {first} if first is not None else set()
    for version_id in found - {active_id}:
        row = session.get(RuleSetVersion, version_id)
        try:
            return parse_version(row)
        except RuleSetError:
            break
    return ruleset


def as_utc(at: dt.datetime) -> dt.datetime:
    """A stored timestamp (UTC, naive on SQLite) as aware UTC."""
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def rulesets_in_force(session: Session, period: Period) -> tuple[str, ...]:
    """Versions the period's verdicts used, plus the one in force at its end (edits included);
    none for a period that ended before the office stored its first rule set."""
    low, high = period.utc_bounds()
    k, b = ContactAttempt, BlockedAttempt
    # A range of the covering index ix_contact_attempt_at_cover, which holds the version: the
    # period's rows themselves (scattered over the whole table) are never read.
    used = set(
        session.scalars(select(k.ruleset_version_id).where(k.at >= low, k.at < high).distinct())
    )
    used |= set(
        session.scalars(select(b.ruleset_version_id).where(b.at >= low, b.at < high).distinct())
    )
    used.discard(None)
    r = RuleSetVersion
    created_in = select(r.id).where(r.created_at >= low, r.created_at < high)
    rows = session.execute(
        select(r.jurisdiction, r.version)
        .where(or_(r.id.in_(used | _in_force_at(session, high)), r.id.in_(created_in)))
        .order_by(r.id)
    )
    return tuple(version_label(j, v) for j, v in rows)


def header(session: Session, period: Period) -> Header:
    office = get_office(session)
    return Header(
        office.name if office else "",
        office_now(session),
        rulesets_in_force(session, period),
    )
