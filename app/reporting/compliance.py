"""The compliance report's figures for a period, gathered as plain data for
reports/compliance_report.py: contacts by channel and hour, daily caps reached, blocked attempts,
warnings and overrides, third-party contacts, visits, training, complaints, rule-set versions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select
from sqlalchemy.orm import Session

from app.auth import Permission, can, require
from app.collector import collector_paused
from app.compliance.model import flagged_rules
from app.compliance.ruleset import RuleSet
from app.labels import ACTION
from app.models import Case, ContactAttempt, FlaggedBooking, User, VerdictKind
from app.names import name_key
from app.queries.compliance_log import ComplianceFilter, LogRow, log_ids, own_entry
from app.queries.compliance_rows import ordered_rows
from app.reporting.compliance_contacts import (
    CapRow,
    ChannelCount,
    ThirdPartyRow,
    contact_figures,
)
from app.reporting.compliance_earlier import recorded_earlier
from app.reporting.compliance_more import (
    ComplaintRow,
    TrainingRow,
    VisitRow,
    complaint_rows,
    staff_count,
    training_rows,
    visit_rows,
)
from app.reporting.compliance_rules import RuleCount, rule_counts, version_labels
from app.reporting.period import Header, Period, header, make_period, rulesets_in_period

__all__ = [
    "ActionCount",
    "CapRow",
    "ChannelCount",
    "ComplianceReport",
    "ThirdPartyRow",
    "WarningRow",
    "compliance_report",
]


@dataclass(frozen=True)
class ActionCount:
    """The flags on one kind of action: a call, an SMS, a visit booking, a visit's move …"""

    action: str  # app.labels.ACTION key
    blocked: int
    warnings: int
    overrides: int


@dataclass(frozen=True)
class AgentRuleCount:
    agent: str
    rule: str
    count: int
    action: str = "call"  # what was warned about (app.labels.ACTION)


@dataclass(frozen=True)
class WarningRow:
    """A warning as the report counts it (by agent and rule; never listed one by one)."""

    agent: str  # display name
    rules: str  # comma list of rule ids, as LogRow.rules
    action: str = "call"  # what was warned about, as LogRow.action
    ruleset: str = ""  # the version that judged it ("CN 2026.1"), as LogRow.ruleset


@dataclass
class ComplianceReport:
    header: Header
    period: Period
    contacts: int = 0
    by_channel: list[ChannelCount] = field(default_factory=list)
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)  # office-local hour
    caps: list[CapRow] = field(default_factory=list)
    by_rule: list[RuleCount] = field(default_factory=list)
    by_action: list[ActionCount] = field(default_factory=list)
    blocked: list[LogRow] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)
    overrides: list[LogRow] = field(default_factory=list)
    warnings_by_agent: list[AgentRuleCount] = field(default_factory=list)
    third_party: list[ThirdPartyRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    training: list[TrainingRow] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)
    staff: int | None = None  # agents on the staff at the period's end; None: not counted
    # Contacts blocked or overridden that were recorded in the period for an earlier time: listed
    # apart, not counted in the period's figures (app/reporting/compliance_earlier.py).
    blocked_earlier: list[LogRow] = field(default_factory=list)
    overrides_earlier: list[LogRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing happened in the period (training is a state, not an event: not counted)."""
        return not (
            self.contacts
            or self.blocked
            or self.warnings
            or self.overrides
            or self.visits
            or self.complaints
            or self.third_party
            or self.blocked_earlier
            or self.overrides_earlier
        )


@cache
def _warnings(own: bool) -> tuple[Select[*tuple[Any, ...]], Select[*tuple[Any, ...]]]:
    """The period's warnings, oldest first (as the compliance log orders them): contact attempts
    (by channel) and visit bookings and moves, each with its time, agent, action and findings;
    `own` keeps an agent's part (a user who may not see the office's cases)."""
    k, f = ContactAttempt, FlaggedBooking
    contacts = (
        select(k.at, k.id, User.display_name, k.channel, k.findings, k.ruleset_version_id)
        .join(User, User.id == k.agent_id)
        .where(
            k.verdict == VerdictKind.WARNING,
            k.at >= bindparam("low"),
            k.at < bindparam("high"),
        )
        .order_by(k.at, k.id)
    )
    bookings = (
        select(f.at, f.id, User.display_name, f.action, f.findings, f.ruleset_version_id)
        .join(User, User.id == f.agent_id)
        .where(
            f.verdict == VerdictKind.WARNING.value,
            f.at >= bindparam("low"),
            f.at < bindparam("high"),
        )
        .order_by(f.at, f.id)
    )
    if own:  # as the compliance log scopes an agent's part
        agent: BindParameter[int] = bindparam("agent_id")
        contacts = contacts.join(Case, Case.id == k.case_id).where(own_entry(k, agent))
        bookings = bookings.join(Case, Case.id == f.case_id).where(own_entry(f, agent))
    return contacts, bookings


def _rule_ids(findings: list[dict[str, Any]] | None) -> str:
    """The rules the findings flagged, each once, in order: LogRow.rules for the same findings
    (an allowed finding is no rule broken)."""
    return ", ".join(flagged_rules(findings))


def _warning_rows(session: Session, actor: User, period: Period) -> list[WarningRow]:
    """Warnings with just what the report counts: one plain query, no display rows (reasons
    translated, case numbers) for the thousands of them a month holds."""
    own = not can(actor, Permission.VIEW_ALL_CASES)
    low, high = period.utc_bounds()
    params = {"low": low, "high": high, "agent_id": actor.id}
    contacts, bookings = _warnings(own)
    db = session.connection()
    names = version_labels(session)
    rows = [
        (
            at,
            0,
            item_id,
            WarningRow(
                agent or "", _rule_ids(findings), str(channel.value), names.get(version, "")
            ),
        )
        for at, item_id, agent, channel, findings, version in db.execute(contacts, params)
    ]
    visits = [
        (
            at,
            1,
            item_id,
            WarningRow(agent or "", _rule_ids(findings), str(action), names.get(v, "")),
        )
        for at, item_id, agent, action, findings, v in db.execute(bookings, params)
    ]
    if not visits:  # the usual month: the contacts' own order, no sort of thousands of rows
        return [row[-1] for row in rows]
    return [row[-1] for row in sorted(rows + visits, key=lambda row: row[:3])]


def _flagged(
    session: Session, actor: User, report: ComplianceReport, ruleset: RuleSet, lang: str
) -> None:
    # `ruleset`: the one in force at the period's end, for a flag whose version is unknown.
    """Blocked attempts and overrides, oldest first, with reasons in `lang`; the warnings, and
    the flags counted by rule and by agent."""
    period = report.period
    for verdict, target in (("blocked", report.blocked), ("needs_override", report.overrides)):
        flt = ComplianceFilter(verdict=verdict, date_from=period.start, date_to=period.end)
        target.extend(ordered_rows(session, log_ids(session, actor, flt, descending=False), lang))
    report.blocked_earlier, report.overrides_earlier = recorded_earlier(
        session, actor, *period.utc_bounds(), lang
    )
    report.warnings = _warning_rows(session, actor, period)
    per_rule: dict[tuple[str, str], Counter[str]] = {}  # (rule, version label) → by verdict
    per_action: dict[str, Counter[str]] = {}
    flagged: tuple[tuple[str, list[LogRow] | list[WarningRow]], ...] = (
        ("blocked", report.blocked),
        ("warning", report.warnings),
        ("needs_override", report.overrides),
    )
    for verdict, rows in flagged:
        for row in rows:
            per_action.setdefault(row.action, Counter())[verdict] += 1
            for rule in filter(None, (r.strip() for r in row.rules.split(","))):
                per_rule.setdefault((rule, row.ruleset), Counter())[verdict] += 1
    report.by_rule = rule_counts(session, per_rule, ruleset, lang)
    order = {action: n for n, action in enumerate(ACTION)}
    report.by_action = [
        ActionCount(action, c["blocked"], c["warning"], c["needs_override"])
        for action, c in sorted(per_action.items(), key=lambda item: order.get(item[0], 99))
    ]
    per_agent: Counter[tuple[str, str, str]] = Counter()
    for row in report.warnings:
        for rule in filter(None, (r.strip() for r in row.rules.split(","))):
            per_agent[(row.agent, rule, row.action)] += 1
    report.warnings_by_agent = ranked_warnings(per_agent)


def ranked_warnings(per_agent: Counter[tuple[str, str, str]]) -> list[AgentRuleCount]:
    """Warnings counted by (agent, rule, action), the agent with the most first, agents with as
    many in pinyin order of their names (as every list of people), each agent's rules most
    warned first."""
    totals: Counter[str] = Counter()
    for (agent, _rule, _action), n in per_agent.items():
        totals[agent] += n
    return [
        AgentRuleCount(agent, rule, n, action)
        for (agent, rule, action), n in sorted(
            per_agent.items(),
            key=lambda item: (
                -totals[item[0][0]],
                name_key(item[0][0]),
                -item[1],
                item[0][1],
                item[0][2],
            ),
        )
    ]


@collector_paused
def compliance_report(
    session: Session, actor: User, start: object, end: object, lang: str = "en"
) -> ComplianceReport:
    """The office's compliance figures for the office-local days start..end (both inclusive)."""
    require(actor, Permission.PRINT_REPORTS)
    period = make_period(session, start, end)
    # Each contact judged by the rules in force when it was made, not by a version stored since
    # (nor by the version of the period's last day: found by QA).
    judged = rulesets_in_period(session, period)
    ruleset = judged[-1].ruleset
    found = contact_figures(session.connection(), period, judged)
    report = ComplianceReport(
        header(session, period),
        period,
        contacts=found.contacts,
        by_channel=found.by_channel,
        by_hour=found.by_hour,
        caps=found.caps,
        third_party=found.third_party,
    )
    _flagged(session, actor, report, ruleset, lang)
    report.visits = visit_rows(session, period)
    report.training = training_rows(session, period, lang)
    report.staff = staff_count(session, period)
    report.complaints = complaint_rows(session, period)
    return report
