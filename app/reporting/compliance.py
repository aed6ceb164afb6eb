"""The compliance report's figures for a period, gathered as plain data for
reports/compliance_report.py: contacts by channel and hour, daily caps reached, blocked attempts,
warnings and overrides, third-party contacts, visits, training, complaints, rule-set versions."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.compliance.context import UNANSWERED
from app.compliance.ruleset import Rule
from app.compliance.versions import active_ruleset
from app.models import (
    Borrower,
    Case,
    Channel,
    ContactAttempt,
    Loan,
    Outcome,
    Party,
    User,
)
from app.queries.compliance_log import ComplianceFilter, LogRow, log_ids, log_rows
from app.reporting.compliance_more import (
    ComplaintRow,
    TrainingRow,
    VisitRow,
    complaint_rows,
    training_rows,
    visit_rows,
)
from app.reporting.period import Header, Period, header, make_period

# A guarantor is a party to the debt (the rule sets say so), not a third party.
FIRST_PARTIES = (Party.BORROWER, Party.GUARANTOR)
ID_CHUNK = 500  # ids per IN (…) list: well under SQLite's bound-parameter limit


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
class RuleCount:
    rule: str
    text: str  # what the rule says, in the report's language ("" when no longer in the set)
    blocked: int
    warnings: int
    overrides: int


@dataclass(frozen=True)
class AgentRuleCount:
    agent: str
    rule: str
    count: int


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
class ComplianceReport:
    header: Header
    period: Period
    contacts: int = 0
    by_channel: list[ChannelCount] = field(default_factory=list)
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)  # office-local hour
    caps: list[CapRow] = field(default_factory=list)
    by_rule: list[RuleCount] = field(default_factory=list)
    blocked: list[LogRow] = field(default_factory=list)
    warnings: list[LogRow] = field(default_factory=list)
    overrides: list[LogRow] = field(default_factory=list)
    warnings_by_agent: list[AgentRuleCount] = field(default_factory=list)
    third_party: list[ThirdPartyRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    training: list[TrainingRow] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing happened in the period (training is a state, not an event: not counted)."""
        return not (
            self.contacts or self.blocked or self.visits or self.complaints or self.third_party
        )


def _local(at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if at.tzinfo is None:  # SQLite hands back naive UTC
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(zone)


class _Hours:
    """UTC hour buckets ("2026-11-03 14") to local dates and hours, each converted once."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], dt.datetime] = {}
        self.zones: dict[str, zoneinfo.ZoneInfo] = {}

    def local(self, bucket: str, zone: str) -> dt.datetime:
        key = (bucket, zone)
        found = self.seen.get(key)
        if found is None:
            tz = self.zones.setdefault(zone, zoneinfo.ZoneInfo(zone))
            at = dt.datetime.strptime(bucket[:13], "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
            found = self.seen[key] = at.astimezone(tz)
        return found


def contacts_between(low: dt.datetime, high: dt.datetime) -> ColumnElement[bool]:
    """Contact attempts in [low, high): a range of the covering index ix_contact_attempt_at_cover,
    so the grouped passes below read the index alone, never the rows (a month's attempts are
    scattered over the whole table)."""
    return and_(ContactAttempt.at >= low, ContactAttempt.at < high)


def _channels(rule: Rule | None, default: list[str]) -> list[Channel]:
    names = rule.params.get("channels", default) if rule else default
    return [Channel(str(name)) for name in names]


def _contacts(session: Session, report: ComplianceReport) -> None:
    """Channel and hour counts, caps reached and third-party contacts: grouped passes over the
    covering index ix_contact_attempt_at_cover, UTC hours converted to local time once each."""
    low, high = report.period.utc_bounds()
    office = report.period.zone
    hours = _Hours()
    k = ContactAttempt
    in_period = contacts_between(low, high)
    # The stored UTC text cut at the hour, "YYYY-MM-DD HH": converting each hour's start is
    # exact for the whole-hour offsets of China's zones (a half-hour zone would misplace the
    # contacts of the half hour around midnight by one day).
    hour = func.substr(cast(k.at, String), 1, 13).label("hour")
    # Core rows (no ORM row processing): tens of thousands of grouped rows are read below.
    db = session.connection()
    for bucket, n in db.execute(select(hour, func.count()).where(in_period).group_by(hour)):
        report.contacts += n
        report.by_hour[hours.local(bucket, office).hour] += n
    # Per channel in one pass with no GROUP BY, which would sort every attempt of the period.
    sums = []
    for c in Channel:
        mine = k.channel == c
        sums += [
            func.sum(case((mine, 1), else_=0)),
            func.sum(case((and_(mine, k.outcome == Outcome.CONNECTED), 1), else_=0)),
            func.sum(case((and_(mine, k.party.not_in(FIRST_PARTIES)), 1), else_=0)),
        ]
    found = [int(n or 0) for n in db.execute(select(*sums).where(in_period)).one()]
    report.by_channel = [
        ChannelCount(c.value, *found[3 * i : 3 * i + 3])
        for i, c in enumerate(Channel)
        if found[3 * i]
    ]
    ruleset, _id = active_ruleset(session)
    conv_rule = ruleset.rule("daily_conversation_cap")
    miss_rule = ruleset.rule("daily_attempt_cap")
    # Conversations (per borrower) and unanswered attempts (per number) in one grouped pass;
    # the two are disjoint (connected vs unanswered), counted per the borrower's own day.
    conversation = and_(
        k.party == Party.BORROWER,
        k.outcome == Outcome.CONNECTED,
        k.channel.in_(_channels(conv_rule, ["call", "visit"])),
    )
    miss = and_(
        k.outcome.in_([o for o in UNANSWERED if o is not None]),
        k.phone_number.is_not(None),
        k.channel.in_(_channels(miss_rule, ["call"])),
    )
    is_conversation = case((conversation, 1), else_=0).label("conversation")
    # Each case of the period mapped to its borrower once (a sorted walk of the distinct case
    # ids), then the counts per case and UTC hour read from the covering index alone: far
    # fewer lookups than joining every contact attempt to its case, loan and borrower.
    borrower_of = {
        case_id: (borrower_id, zone)
        for case_id, borrower_id, zone in db.execute(
            select(Case.id, Loan.borrower_id, Borrower.timezone)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(Case.id.in_(select(k.case_id).where(in_period)))
        ).all()
    }
    conversations: Counter[tuple[object, dt.date]] = Counter()
    misses: Counter[tuple[object, dt.date]] = Counter()
    days: dict[tuple[str, str], dt.date] = {}
    for case_id, phone, bucket, talk, n in db.execute(
        select(k.case_id, k.phone_number, hour, is_conversation, func.count())
        .where(in_period, or_(conversation, miss))
        .group_by(k.case_id, k.phone_number, hour, is_conversation)
    ).all():  # fetched at once: much cheaper than row by row
        borrower_id, zone = borrower_of[case_id]
        day = days.get((bucket, zone))
        if day is None:
            day = days[(bucket, zone)] = hours.local(bucket, zone).date()
        if talk:
            conversations[(borrower_id, day)] += n
        else:
            misses[(phone, day)] += n
    report.caps = [
        _cap("daily_conversation_cap", conv_rule, "borrower-day", conversations),
        _cap("daily_attempt_cap", miss_rule, "number-day", misses),
    ]
    zone_info = zoneinfo.ZoneInfo(office)
    for at, case_no, agent, party, channel, outcome, verdict in session.execute(
        select(k.at, Case.case_no, User.display_name, k.party, k.channel, k.outcome, k.verdict)
        .join(Case, Case.id == k.case_id)
        .join(User, User.id == k.agent_id)
        .where(in_period, k.party.not_in(FIRST_PARTIES))
        .order_by(k.at, k.id)
    ):
        report.third_party.append(
            ThirdPartyRow(
                _local(at, zone_info),
                case_no,
                agent or "",
                party.value,
                channel.value,
                outcome.value,
                verdict.value,
            )
        )


def _cap(rule_id: str, rule, unit: str, counts: Counter) -> CapRow:  # type: ignore[no-untyped-def]
    limit = int(rule.params["max"]) if rule and rule.enabled and "max" in rule.params else None
    at_cap = sum(1 for n in counts.values() if limit is not None and n >= limit)
    return CapRow(rule_id, limit, unit, len(counts), at_cap, max(counts.values(), default=0))


def _flagged(session: Session, actor: User, report: ComplianceReport, lang: str) -> None:
    """Blocked attempts, warnings and overrides, oldest first, with reasons in `lang`."""
    period = report.period
    per_rule: dict[str, Counter[str]] = {}
    for verdict, target in (
        ("blocked", report.blocked),
        ("warning", report.warnings),
        ("needs_override", report.overrides),
    ):
        flt = ComplianceFilter(verdict=verdict, date_from=period.start, date_to=period.end)
        keys = log_ids(session, actor, flt, descending=False)
        for start in range(0, len(keys), ID_CHUNK):
            chunk = keys[start : start + ID_CHUNK]
            found = log_rows(session, chunk, lang)
            target.extend(found[key] for key in chunk if key in found)
        for row in target:
            for rule in filter(None, (r.strip() for r in row.rules.split(","))):
                per_rule.setdefault(rule, Counter())[verdict] += 1
    ruleset, _id = active_ruleset(session)

    def text(rule_id: str) -> str:
        rule = ruleset.rule(rule_id)
        return rule.description(lang) if rule else ""

    report.by_rule = [
        RuleCount(rule, text(rule), c["blocked"], c["warning"], c["needs_override"])
        for rule, c in sorted(per_rule.items(), key=lambda item: (-item[1].total(), item[0]))
    ]
    per_agent: Counter[tuple[str, str]] = Counter()
    for row in report.warnings:
        for rule in filter(None, (r.strip() for r in row.rules.split(","))):
            per_agent[(row.agent, rule)] += 1
    report.warnings_by_agent = [
        AgentRuleCount(agent, rule, n) for (agent, rule), n in sorted(per_agent.items())
    ]


def compliance_report(
    session: Session, actor: User, start: object, end: object, lang: str = "en"
) -> ComplianceReport:
    """The office's compliance figures for the office-local days start..end (both inclusive)."""
    require(actor, Permission.PRINT_REPORTS)
    period = make_period(session, start, end)
    report = ComplianceReport(header(session, period), period)
    _contacts(session, report)
    _flagged(session, actor, report, lang)
    report.visits = visit_rows(session, period)
    report.training = training_rows(session, period, lang)
    report.complaints = complaint_rows(session, period)
    return report
