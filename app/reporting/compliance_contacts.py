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
from app.compliance.ruleset import Rule
from app.models import (
    Borrower,
    Case,
    Channel,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    RelatedPerson,
    Relationship,
    User,
)
from app.queries.compliance_rows import ID_CHUNK
from app.reporting.period import Judged, Period

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
    # The days this row counts when the limit changed within the period (a row per limit, each
    # day judged by the version in force at its end); None: the whole period, one limit.
    first: dt.date | None = None
    last: dt.date | None = None


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
    """The period's contacts with anyone but the borrower and a guarantor, read from the covering
    index alone (its rowid too): the few with the borrower's lawyer are found apart (_lawyers)."""
    return (
        select(
            k.id, k.at, Case.case_no, User.display_name, k.party, k.channel, k.outcome, k.verdict
        )
        .join(Case, Case.id == k.case_id)
        .join(User, User.id == k.agent_id)
        .where(_in_period(), k.party.not_in(FIRST_PARTIES))
        .order_by(k.at, k.id)
    )


def _lawyers(db: Connection, ids: list[int]) -> set[int]:
    """Those of the contacts `ids` made with the borrower's lawyer (a related person whose
    relation is lawyer): no third-party contacts. Looked up by primary key, a chunk at a time."""
    found: set[int] = set()
    for start in range(0, len(ids), ID_CHUNK):
        found.update(
            db.scalars(
                select(k.id)
                .join(RelatedPerson, RelatedPerson.id == k.related_person_id)
                .where(
                    RelatedPerson.relation == Relationship.LAWYER,
                    k.id.in_(ids[start : start + ID_CHUNK]),  # a seek each, by primary key
                )
            )
        )
    return found


def _channels(rule: Rule | None, default: list[str]) -> list[Channel]:
    names = rule.params.get("channels", default) if rule else default
    return [Channel(str(name)) for name in names]


def _limit(rule: Rule | None) -> int | None:
    return int(rule.params["max"]) if rule and rule.enabled and "max" in rule.params else None


def _cap(rule_id: str, limit: int | None, unit: str, counts: Counter[Any], *days: Any) -> CapRow:
    at_cap = sum(1 for n in counts.values() if limit is not None and n >= limit)
    return CapRow(rule_id, limit, unit, len(counts), at_cap, max(counts.values(), default=0), *days)


_BLOCK = 2000  # rows per fetch: few enough to stay young for the garbage collector
_DAYS = 4_000_000  # above every day's number (date.toordinal(): 3,652,059 at most)


CAPS = (
    ("daily_conversation_cap", "borrower-day", ["call", "visit"]),
    ("daily_attempt_cap", "number-day", ["call"]),
)


def _caps(db: Connection, judged: list[Judged]) -> list[CapRow]:
    """Each daily cap's row, or a row per limit when a change within the period changed it: the
    contacts made under each version counted on the channels and against the limit it set."""
    counted = []
    for run in judged:
        bounds = (run.low, run.high)
        rules = [run.ruleset.rule(rule_id) for rule_id, _unit, _default in CAPS]
        channels = [_channels(rule, cap[2]) for rule, cap in zip(rules, CAPS, strict=True)]
        talks, misses = _counts(db, {"low": bounds[0], "high": bounds[1]}, *channels)
        counted.append((run, [_limit(rule) for rule in rules], (talks, misses)))
    rows: list[CapRow] = []
    for n, (rule_id, unit, _default) in enumerate(CAPS):
        groups: list[tuple[dt.date, dt.date, int | None, Counter[Any]]] = []
        for run, limits, counts in counted:
            if groups and groups[-1][2] == limits[n]:  # the same limit: one row goes on
                first, _last, limit, total = groups[-1]
                groups[-1] = (first, run.last, limit, total + counts[n])
            else:
                groups.append((run.first, run.last, limits[n], counts[n]))
        if len(groups) == 1:
            rows.append(_cap(rule_id, groups[0][2], unit, groups[0][3]))
        else:
            rows += [_cap(rule_id, limit, unit, c, first, last) for first, last, limit, c in groups]
    return rows


def _counts(
    db: Connection, bounds: dict[str, Any], talk: list[Channel], miss: list[Channel]
) -> tuple[Counter[int], Counter[tuple[str, int]]]:
    """Conversations per borrower-day and unanswered attempts per number-day within `bounds`,
    each on the borrower's own day, on the channels each cap counts."""
    params = {**bounds, "talk_channels": talk, "miss_channels": miss}
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
    return talks, misses


def contact_figures(db: Connection, period: Period, judged: list[Judged]) -> ContactFigures:
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
    found.caps = _caps(db, judged)
    office = zoneinfo.ZoneInfo(period.zone)
    others = list(db.execute(_third_party(), bounds))
    lawyers = _lawyers(db, [row[0] for row in others])
    for contact_id, at, case_no, agent, party, channel, outcome, verdict in others:
        if contact_id in lawyers:  # the borrower's lawyer: no third party
            channels[channel][2] -= 1
            continue
        found.third_party.append(
            ThirdPartyRow(
                at.astimezone(office),
                case_no,
                agent or "",
                party.value,
                channel.value,
                outcome.value,
                verdict.value,
            )
        )
    found.by_channel = [ChannelCount(c.value, *channels[c]) for c in Channel if c in channels]
    return found
