"""The compliance log: every action the rules flagged (a warning, an override) and every one
they blocked — contact attempts, visit bookings and moves — newest first, filtered in SQL; display
rows fetched a page at a time (app/queries/compliance_rows.py).

Entries are keyed ("contact", id) for a saved ContactAttempt, ("blocked", id) for a
BlockedAttempt and ("booking", id) for a FlaggedBooking (a visit booked or moved with a warning
or an override). An agent sees their own entries and every entry on the cases assigned to them
(a supervisor's override there too); supervisors and admins see the office's.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, literal, or_, select, union_all
from sqlalchemy.orm import Session

from app.auth import Permission, can
from app.compliance.model import flagged_rules
from app.compliance.ruleset import PARAMS
from app.errors import ValidationError
from app.models import BlockedAttempt, Case, ContactAttempt, FlaggedBooking, User, VerdictKind
from app.names import by_name
from app.office import office_timezone
from app.queries.compliance_rows import BLOCKED, BOOKING, CONTACT, Key, LogRow, log_rows

__all__ = [
    "BLOCKED",
    "BOOKING",
    "CONTACT",
    "AgentOption",
    "ComplianceFilter",
    "Key",
    "LogRow",
    "agent_options",
    "check_filter",
    "log_ids",
    "log_rows",
    "rule_choices",
]
VERDICTS = ("warning", "needs_override", "blocked")
# The verdicts of a contact the log lists. Named rather than `verdict != allowed`: an inequality
# cannot use the (verdict, at) index and read all of a big office's contacts (~0.4 s a query).
FLAGGED = tuple(v for v in VerdictKind if v != VerdictKind.ALLOWED)


@dataclass
class ComplianceFilter:
    """What the log shows; None means "no restriction". `verdict` is one of VERDICTS.

    `rule` is a rule id (app.compliance.ruleset.PARAMS, or one found in the log).
    """

    rule: str | None = None
    agent_id: int | None = None
    verdict: str | None = None
    date_from: dt.date | None = None  # office-local days, both inclusive
    date_to: dt.date | None = None


def rule_pattern(rule_id: str) -> str:
    """The text a finding for `rule_id` contains in the stored JSON (json.dumps' separators)."""
    return json.dumps({"rule": rule_id})[1:-1]


def _has_rule(column: Any, rule_id: str) -> ColumnElement[bool]:
    # LIKE over the JSON text, with % and _ in the rule id escaped (portable; no json_each). A
    # finding that only allowed the action (severity info, right after the rule id) is no flag.
    text = cast(column, String)
    allowed = rule_pattern(rule_id) + ', "severity": "info"'
    return and_(
        text.contains(rule_pattern(rule_id), autoescape=True),
        ~text.contains(allowed, autoescape=True),
    )


def _bounds(session: Session, flt: ComplianceFilter) -> tuple[dt.datetime | None, ...]:
    zone = zoneinfo.ZoneInfo(office_timezone(session))

    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)

    low = start(flt.date_from) if flt.date_from else None
    high = start(flt.date_to + dt.timedelta(days=1)) if flt.date_to else None
    return low, high


def _listed(
    kind: str, table: type[ContactAttempt] | type[BlockedAttempt] | type[FlaggedBooking]
) -> Select[*tuple[Any, ...]]:
    """One flagged table's rows as the log lists them: kind, id, time, case and agent."""
    return (
        select(
            literal(kind).label("kind"),
            table.id.label("id"),
            table.at.label("at"),
            Case.case_no.label("case_no"),
            User.display_name.label("agent"),
        )
        .join(Case, Case.id == table.case_id)
        .join(User, User.id == table.agent_id)
    )


def own_entry(
    table: type[ContactAttempt] | type[BlockedAttempt] | type[FlaggedBooking], user_id: Any
) -> ColumnElement[bool]:
    """An agent's part of the log: what they did, and what anyone did on a case assigned to them
    (a supervisor's override of a booking or a call there), never another agent's case's flags.
    The query must join Case."""
    return or_(table.agent_id == user_id, Case.assigned_agent_id == user_id)


def _contacts(
    session: Session, user: User, flt: ComplianceFilter
) -> Select[*tuple[Any, ...]] | None:
    if flt.verdict == BLOCKED:
        return None
    k = ContactAttempt
    query = _listed(CONTACT, k)
    if flt.verdict:
        query = query.where(k.verdict == VerdictKind(flt.verdict))
    else:
        query = query.where(k.verdict.in_(FLAGGED))
    return _common(session, user, flt, query, k)


def _blocked(
    session: Session, user: User, flt: ComplianceFilter
) -> Select[*tuple[Any, ...]] | None:
    if flt.verdict and flt.verdict != BLOCKED:
        return None
    return _common(session, user, flt, _listed(BLOCKED, BlockedAttempt), BlockedAttempt)


def _bookings(
    session: Session, user: User, flt: ComplianceFilter
) -> Select[*tuple[Any, ...]] | None:
    """Visit bookings and moves saved with a warning or an override."""
    if flt.verdict == BLOCKED:
        return None
    f = FlaggedBooking
    query = _listed(BOOKING, f)
    if flt.verdict:
        query = query.where(f.verdict == flt.verdict)
    return _common(session, user, flt, query, f)


def _common(
    session: Session,
    user: User,
    flt: ComplianceFilter,
    query: Select[*tuple[Any, ...]],
    table: type[ContactAttempt] | type[BlockedAttempt] | type[FlaggedBooking],
) -> Select[*tuple[Any, ...]]:
    if not can(user, Permission.VIEW_ALL_CASES):
        query = query.where(own_entry(table, user.id))
    elif flt.agent_id is not None:
        query = query.where(table.agent_id == flt.agent_id)
    if flt.rule:
        query = query.where(_has_rule(table.findings, flt.rule))
    low, high = _bounds(session, flt)
    if low is not None:
        query = query.where(table.at >= low)
    if high is not None:
        query = query.where(table.at < high)
    return query


SORT_KEYS = ("when", "case_no", "agent")


def check_filter(session: Session, flt: ComplianceFilter) -> None:
    """Refuse a verdict or a rule id the log cannot hold, naming the ones it can."""
    if flt.verdict and flt.verdict not in VERDICTS:
        raise ValidationError(
            "Unknown verdict {verdict}; choose one of: {choices}.",
            verdict=flt.verdict,
            choices=list(VERDICTS),
        )
    if flt.rule and flt.rule not in PARAMS:  # an older rule set's rule may still be logged
        known = sorted(set(PARAMS) | set(rule_choices(session)))
        if flt.rule not in known:
            raise ValidationError(
                "Unknown rule {rule}; the rules are: {rules}.",
                rule=flt.rule,
                rules=known,
            )


def log_ids(
    session: Session,
    user: User,
    flt: ComplianceFilter | None = None,
    sort: str = "when",
    descending: bool = True,
) -> list[Key]:
    """Keys of the entries `user` may see, filtered by `flt`; newest first by default."""
    flt = flt or ComplianceFilter()
    check_filter(session, flt)
    kinds = (_contacts, _blocked, _bookings)
    parts = [q for q in (kind(session, user, flt) for kind in kinds) if q is not None]
    if not parts:
        return []
    both = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    column = both.c[{"when": "at", "case_no": "case_no", "agent": "agent"}.get(sort, "at")]
    terms = [column.desc() if descending else column.asc()]
    if sort != "when":
        terms.append(both.c.at.desc())
    terms += [both.c.kind.desc() if descending else both.c.kind.asc()]
    terms += [both.c.id.desc() if descending else both.c.id.asc()]
    query = select(both.c.kind, both.c.id).order_by(*terms)
    return [(kind, int(item_id)) for kind, item_id in session.execute(query)]


def rule_choices(session: Session) -> list[str]:
    """Rule ids that appear in any logged finding, sorted (for the log's filter)."""
    found: set[str] = set()
    queries = (
        select(ContactAttempt.findings).where(
            ContactAttempt.verdict.in_(FLAGGED), ContactAttempt.findings.is_not(None)
        ),
        select(BlockedAttempt.findings).where(BlockedAttempt.findings.is_not(None)),
        select(FlaggedBooking.findings).where(FlaggedBooking.findings.is_not(None)),
    )
    for query in queries:
        for findings in session.scalars(query):
            found.update(flagged_rules(findings))
    return sorted(found)


@dataclass(frozen=True)
class AgentOption:
    id: int
    display_name: str


def agent_options(session: Session) -> list[AgentOption]:
    """Active users who log contacts (for the supervisor's agent filter), in pinyin order."""
    query = select(User.id, User.display_name).where(User.active).order_by(User.id)
    options = [AgentOption(i, name) for i, name in session.execute(query)]
    return by_name(options, lambda o: o.display_name)
