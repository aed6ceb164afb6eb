"""The compliance report's contact figures for a period: attempts by channel and office-local
hour, the daily caps reached (each counted on the borrower's own day) and the third-party
contacts. A few passes over the covering index ix_contact_attempt_at_cover (a month's attempts
are scattered over the whole table, the index holds them in one range), with statements built
once and bound parameters, read as plain rows."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
)

from app.compliance.context import UNANSWERED
from app.compliance.ruleset import Rule, RuleSet
from app.models import Borrower, Case, Channel, ContactAttempt, Loan, Outcome, Party, User
from app.reporting.period import Period

# A guarantor is a party to the debt (the rule sets say so), not a third party.
FIRST_PARTIES = (Party.BORROWER, Party.GUARANTOR)
k = ContactAttempt


@dataclass(frozen=True)
class ChannelCount:
    channel: str  # Channel value
    attempts: int
    connected: int
    third_party: int


@dataclass(frozen=True)
class CapRow:
    rule: str  # rule id
    limit: int | None  # None when the rule set has no such cap (or it is switched off)
    unit: str  # "borrower-day" | "number-day"
    days_with_activity: int  # borrower-days with a conversation / number-days with a miss
    days_at_cap: int  # … that reached the limit
    highest: int  # the most seen on one day


@dataclass(frozen=True)
class ThirdPartyRow:
    when: dt.datetime  # office-local
    case_no: str
    agent: str
    party: str  # Party value
    channel: str
    outcome: str
    verdict: str


@dataclass
class ContactFigures:
    contacts: int = 0
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)  # office-local hour
    by_channel: list[ChannelCount] = field(default_factory=list)
    caps: list[CapRow] = field(default_factory=list)
    third_party: list[ThirdPartyRow] = field(default_factory=list)


class _Local(dict[str, Any]):
    """UTC buckets ("2026-11-03 14", or to the minute "2026-11-03 14:30") to `part` of their
    start in one time zone (its hour, or its date), each bucket converted once: a row costs one
    dict lookup."""

    def __init__(self, zone: str, part: Callable[[dt.datetime], Any]) -> None:
        super().__init__()
        self.zone, self.part = zoneinfo.ZoneInfo(zone), part

    def __missing__(self, bucket: str) -> Any:
        text = bucket[:16] if len(bucket) >= 16 else bucket[:13] + ":00"
        start = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
        value = self[bucket] = self.part(start.astimezone(self.zone))
        return value


HOUR, MINUTE = 13, 16  # how much of the stored "YYYY-MM-DD HH:MM…" text makes a bucket


def bucket_length(zones: Iterable[str], low: dt.datetime, high: dt.datetime) -> int:
    """HOUR when every zone is a whole number of hours from UTC over the period (China's, most
    of the world's), else MINUTE: a UTC hour then straddles two local hours (India's +05:30), and
    its contacts are placed by the minute."""
    for name in set(zones):
        zone = zoneinfo.ZoneInfo(name)
        for at in (low, high - dt.timedelta(microseconds=1)):
            offset = at.astimezone(zone).utcoffset() or dt.timedelta()
            if offset % dt.timedelta(hours=1):
                return MINUTE
    return HOUR


def _in_period() -> ColumnElement[bool]:
    """Attempts in [low, high): one range of the covering index."""
    return and_(k.at >= bindparam("low"), k.at < bindparam("high"))


def _hour() -> ColumnElement[str]:
    # The stored UTC text cut at the hour, "YYYY-MM-DD HH", or at the minute (`cut`, from
    # bucket_length) when a zone is not a whole number of hours from UTC (SQLite's text and
    # PostgreSQL's timestamp cast alike): converting each bucket's start is then exact.
    return func.substr(cast(k.at, String), 1, bindparam("cut", type_=Integer))


def _conversation() -> ColumnElement[bool]:
    """A conversation with the borrower on a channel the conversation cap counts."""
    return and_(
        k.party == Party.BORROWER,
        k.outcome == Outcome.CONNECTED,
        k.channel.in_(bindparam("talk_channels", expanding=True)),
    )


def _miss() -> ColumnElement[bool]:
    """An unanswered attempt on a number, on a channel the attempt cap counts."""
    return and_(
        k.outcome.in_([o for o in UNANSWERED if o is not None]),
        k.phone_number.is_not(None),
        k.channel.in_(bindparam("miss_channels", expanding=True)),
    )


@cache
def _per_hour_and_channel() -> Select[*tuple[Any, ...]]:
    """Attempts, connected and third-party per UTC hour and channel: one grouped pass."""
    hour = _hour().label("hour")
    return (
        select(
            hour,
            k.channel,
            func.count(),
            func.sum(case((k.outcome == Outcome.CONNECTED, 1), else_=0)),
            func.sum(case((k.party.not_in(FIRST_PARTIES), 1), else_=0)),
        )
        .where(_in_period())
        .group_by(hour, k.channel)
    )


@cache
def _case_borrowers() -> Select[*tuple[Any, ...]]:
    """The borrower and time zone of every case with a conversation or a miss in the period:
    a sorted walk of the distinct case ids, far fewer lookups than one per attempt."""
    counted = select(k.case_id).where(_in_period(), or_(_conversation(), _miss()))
    return (
        select(Case.id, Loan.borrower_id, Borrower.timezone)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Case.id.in_(counted))
    )


@cache
def _conversations() -> Select[*tuple[Any, ...]]:
    """Each conversation of the period, ungrouped (nearly every one is alone in its case and hour,
    so a GROUP BY would only sort them): case and UTC hour."""
    return select(k.case_id, _hour()).where(_in_period(), _conversation())


@cache
def _misses() -> Select[*tuple[Any, ...]]:
    """Each unanswered attempt of the period, ungrouped: case, number and UTC hour."""
    return select(k.case_id, k.phone_number, _hour()).where(_in_period(), _miss())


@cache
def _third_party() -> Select[*tuple[Any, ...]]:
    return (
        select(k.at, Case.case_no, User.display_name, k.party, k.channel, k.outcome, k.verdict)
        .join(Case, Case.id == k.case_id)
        .join(User, User.id == k.agent_id)
        .where(_in_period(), k.party.not_in(FIRST_PARTIES))
        .order_by(k.at, k.id)
    )


def _channels(rule: Rule | None, default: list[str]) -> list[Channel]:
    names = rule.params.get("channels", default) if rule else default
    return [Channel(str(name)) for name in names]


def _cap(rule_id: str, rule: Rule | None, unit: str, counts: Counter[Any]) -> CapRow:
    limit = int(rule.params["max"]) if rule and rule.enabled and "max" in rule.params else None
    at_cap = sum(1 for n in counts.values() if limit is not None and n >= limit)
    return CapRow(rule_id, limit, unit, len(counts), at_cap, max(counts.values(), default=0))


_BLOCK = 2000  # rows per fetch: few enough to stay young for the garbage collector
_DAYS = 4_000_000  # above every day's number (date.toordinal(): 3,652,059 at most)


def _caps(db: Connection, bounds: dict[str, Any], ruleset: RuleSet) -> list[CapRow]:
    """Conversations per borrower and unanswered attempts per number, each on the borrower's
    own day."""
    talk_rule = ruleset.rule("daily_conversation_cap")
    miss_rule = ruleset.rule("daily_attempt_cap")
    params = {
        **bounds,
        "talk_channels": _channels(talk_rule, ["call", "visit"]),
        "miss_channels": _channels(miss_rule, ["call"]),
    }
    # Plain ints and shared maps per case, no tuple per case: tens of thousands of long-lived
    # containers would set off a full garbage collection over the whole process.
    borrower_of: dict[int, int] = {}
    days_of: dict[int, _Local] = {}  # the local day of each UTC hour, one map per time zone
    zones: dict[str, _Local] = {}
    for case_id, borrower_id, zone in db.execute(_case_borrowers(), params):
        days = zones.get(zone)
        if days is None:
            days = zones[zone] = _Local(zone, dt.datetime.toordinal)
        borrower_of[case_id], days_of[case_id] = borrower_id, days
    params["cut"] = bucket_length(zones, bounds["low"], bounds["high"])
    # Counted as they stream in, each row dropped once counted (fetching them all first keeps
    # tens of thousands of rows alive at once: the same full collection).
    # Read in blocks (fetchmany): row by row, the driver's fetchone cost half the report.
    # A borrower-day as one int (borrower id, then the day's number): an int hashes and compares
    # far faster than a (borrower, date) tuple, on tens of thousands of rows.
    talks = Counter(
        borrower_of[case_id] * _DAYS + days_of[case_id][bucket]
        for block in db.execute(_conversations(), params).partitions(_BLOCK)
        for case_id, bucket in block
    )
    misses = Counter(
        (phone, days_of[case_id][bucket])
        for block in db.execute(_misses(), params).partitions(_BLOCK)
        for case_id, phone, bucket in block
    )
    return [
        _cap("daily_conversation_cap", talk_rule, "borrower-day", talks),
        _cap("daily_attempt_cap", miss_rule, "number-day", misses),
    ]


def contact_figures(db: Connection, period: Period, ruleset: RuleSet) -> ContactFigures:
    """The period's contact figures, read on `db` (the session's connection)."""
    low, high = period.utc_bounds()
    bounds = {"low": low, "high": high}
    found = ContactFigures()
    hours = _Local(period.zone, lambda at: at.hour)
    channels: dict[Channel, list[int]] = {}
    cut = {"cut": bucket_length([period.zone], low, high)}
    rows = db.execute(_per_hour_and_channel(), bounds | cut)
    for bucket, channel, n, connected, third_party in rows:
        found.contacts += n
        found.by_hour[hours[bucket]] += n
        sums = channels.setdefault(channel, [0, 0, 0])
        sums[0] += n
        sums[1] += connected
        sums[2] += third_party
    found.by_channel = [ChannelCount(c.value, *channels[c]) for c in Channel if c in channels]
    found.caps = _caps(db, bounds, ruleset)
    office = zoneinfo.ZoneInfo(period.zone)
    found.third_party = [
        ThirdPartyRow(
            at.astimezone(office),
            case_no,
            agent or "",
            party.value,
            channel.value,
            outcome.value,
            verdict.value,
        )
        for at, case_no, agent, party, channel, outcome, verdict in db.execute(
            _third_party(), bounds
        )
    ]
    return found
