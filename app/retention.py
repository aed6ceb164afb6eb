"""Records retention: how long the records of a case's collection work are kept (the rule set's
`records_retention` rule), and the date until which each case's records must stay.

A case's records — its contacts and promises, visits, complaints, agreements, the case itself and
its loan and borrower — are kept while the case is open and then `years` years from its closure or
from its last collection activity (the rule's `counted_from`), whichever the rule set says. The
guard that refuses a deletion within that period is app.retention_guard; the count and list of
closed cases past their period (listing only: nothing is purged) are `past_retention`.

A rule set stored before Casedesk shipped the rule lacks it: until an admin adds it or keeps it
out (app.compliance.shipped_rules), the shipped rule of the jurisdiction holds — the law's default
is not dropped by an upgrade. Switched off, or kept out by the admin, no period applies.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.auth import Permission, require
from app.compliance.model import cited
from app.compliance.ruleset import RuleSet, RuleSetError, shipped_ruleset
from app.compliance.versions import _active_statement, parse_version
from app.i18n import Counted, plural, tr
from app.labels import RULE, label
from app.models import (
    Agreement,
    Case,
    CaseStatus,
    Complaint,
    ContactAttempt,
    Promise,
    User,
    Visit,
)
from app.models.base import UTCDateTime
from app.models.office import Office

RULE_ID = "records_retention"
CHUNK = 500  # case ids per IN list


@dataclass(frozen=True)
class RetentionRule:
    """The records_retention rule in force, as the retention checks read it."""

    years: int
    counted_from: str  # "last_activity" | "closure"
    ruleset: str  # "CN 2026.5": the rule set whose rule this is
    citation: str
    citation_zh: str = ""

    def name(self, lang: str | None = None) -> str:
        """ "Records retention (CN 2026.5)" """
        return tr("{rule} ({ruleset})", lang, rule=label(RULE, RULE_ID, lang), ruleset=self.ruleset)

    def counted(self) -> Counted:
        """ "2 years from the case's last collection activity", filled in the reader's language."""
        if self.counted_from == "closure":
            one, many = (
                "{count} year from the case's closure",
                "{count} years from the case's closure",
            )
        else:
            one = "{count} year from the case's last collection activity"
            many = "{count} years from the case's last collection activity"
        return Counted(self.years, one, many)

    def period(self, lang: str | None = None) -> str:
        return self.counted().fill(lang)

    def citation_in(self, lang: str | None = None) -> str:
        return cited(self.citation, self.citation_zh, lang)


def _ruleset_in_force(session: Session) -> RuleSet:
    """The office's rule set in force, read without flushing (the guard runs inside a flush);
    a stored version that no longer parses yields the shipped rule set of its jurisdiction."""
    row = session.connection().execute(_active_statement()).first()
    if row is None:
        jurisdiction = session.scalar(select(Office.jurisdiction).limit(1)) or "cn"
        return shipped_ruleset(jurisdiction)
    try:
        return parse_version(row)
    except RuleSetError:
        return shipped_ruleset(row.jurisdiction)


def retention_rule(session: Session) -> RetentionRule | None:
    """The records_retention rule in force; None when it is switched off or an admin kept it out
    of a rule set stored before Casedesk shipped it (then the shipped rule holds)."""
    ruleset = _ruleset_in_force(session)
    rule = ruleset.rule(RULE_ID)
    source = ruleset
    if rule is None:
        from app.compliance.shipped_rules import declined_shipped_rules

        if RULE_ID in declined_shipped_rules(session, ruleset.jurisdiction):
            return None
        source = shipped_ruleset(ruleset.jurisdiction)
        rule = source.rule(RULE_ID)
    if rule is None or not rule.enabled:
        return None
    return RetentionRule(
        years=int(rule.params.get("years", 2)),
        counted_from=str(rule.params.get("counted_from", "last_activity")),
        ruleset=source.label,
        citation=rule.citation,
        citation_zh=rule.citation_zh,
    )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class CaseRetention:
    """One case's records: its last collection activity and the day they are kept until."""

    case_id: int
    case_no: str
    closed_on: dt.date | None  # None: the case is open
    last_activity: dt.date  # the office's date of its latest collection activity, closure included
    kept_until: dt.date | None  # None while the case (or a later one of its loan) is open
    open_case: str | None = None  # the open case that keeps it: itself, or one of its loan's


def _day(value: Any, zone: zoneinfo.ZoneInfo) -> dt.date | None:
    """A stored date, or a stored UTC timestamp as the office's date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        at = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
        return at.astimezone(zone).date()
    if isinstance(value, str):  # a max() over a date column may come back as text
        return dt.date.fromisoformat(value[:10])
    assert isinstance(value, dt.date)
    return value


# What counts as collection activity on a case: (column of the case id, when it happened).
ACTIVITY = (
    (ContactAttempt.case_id, ContactAttempt.at),
    (Promise.case_id, Promise.created_at),
    (Visit.case_id, Visit.created_at),
    (Visit.case_id, Visit.checked_out_at),
    (Agreement.case_id, Agreement.created_at),
    (Agreement.case_id, Agreement.signed_on),
    (Complaint.case_id, Complaint.received_on),
    (Complaint.case_id, Complaint.closed_on),
)


def _latest(session: Session, ids: list[int], zone: zoneinfo.ZoneInfo) -> dict[int, dt.date]:
    """The office's date of each case's latest recorded activity (a case with none: left out)."""
    latest: dict[int, dt.date] = {}
    for case_col, when in ACTIVITY:
        rows = session.execute(
            select(case_col, func.max(when)).where(case_col.in_(ids)).group_by(case_col)
        )
        for case_id, value in rows:
            day = _day(value, zone)
            if case_id is not None and day is not None:
                latest[case_id] = max(day, latest.get(case_id, day))
    return latest


@dataclass
class _Loan:
    """What the cases of one loan add up to: its records are kept while one of them is open."""

    open_case: str | None = None  # the case number of an open case of the loan (the latest)
    last: dt.date | None = None  # the latest activity on any of its cases, closures included
    closed: dt.date | None = None  # its latest closure


def case_retention(
    session: Session, case_ids: Iterable[int], rule: RetentionRule
) -> dict[int, CaseRetention]:
    """Each case's retention under `rule`, by case id.

    A loan collected again (cured and overdue again, or reinstated after a write-off) has several
    cases; they are one debt's records, so each is kept while any case of the loan is open, and
    then from the loan's last activity (or last closure)."""
    from app.office import office_zone

    zone = office_zone(session)
    wanted = sorted(set(case_ids))
    found: dict[int, CaseRetention] = {}
    for start in range(0, len(wanted), CHUNK):
        ids = wanted[start : start + CHUNK]
        loan_ids = select(Case.loan_id).where(Case.id.in_(ids))
        rows = session.execute(
            select(Case.id, Case.case_no, Case.loan_id, Case.status, Case.opened_on, Case.closed_on)
            .where(Case.loan_id.in_(loan_ids))
            .order_by(Case.id)
        ).all()
        latest = _latest(session, [row.id for row in rows], zone)
        loans: dict[int, _Loan] = {}
        for row in rows:
            loan = loans.setdefault(row.loan_id, _Loan())
            closed = row.closed_on if row.status is CaseStatus.CLOSED else None
            if closed is None:  # open (a closed case with no date of closure: kept as open)
                loan.open_case = row.case_no
            days = [d for d in (row.opened_on, closed, latest.get(row.id), loan.last) if d]
            loan.last = max(days)
            if closed is not None:
                loan.closed = max(closed, loan.closed or closed)
        for row in rows:
            if row.id not in ids:
                continue
            loan = loans[row.loan_id]
            assert loan.last is not None
            closed = row.closed_on if row.status is CaseStatus.CLOSED else None
            until = None
            if loan.open_case is None:
                assert loan.closed is not None
                anchor = loan.closed if rule.counted_from == "closure" else loan.last
                until = add_years(anchor, rule.years)
            found[row.id] = CaseRetention(
                row.id, row.case_no, closed, loan.last, until, loan.open_case
            )
    return found


def first_kept_day(today: dt.date, years: int) -> dt.date:
    """The first day whose records are still kept `today`: a case counted from an earlier day is
    past its period (add_years(day, years) < today), one from this day or later is kept."""
    day = add_years(today, -years)
    while add_years(day, years) < today:
        day += dt.timedelta(days=1)
    while add_years(day - dt.timedelta(days=1), years) >= today:
        day -= dt.timedelta(days=1)
    return day


def _past_cases(session: Session, rule: RetentionRule, today: dt.date) -> Select[int]:
    """The closed cases past their period, as one query: no case of their loan is open, closed
    since the first kept day or, counted from the last activity, opened or worked since (its
    office's midnight as UTC) — each a probe of an index on the case id."""
    from app.office import office_zone

    start = first_kept_day(today, rule.years)
    midnight = dt.datetime.combine(start, dt.time(0), office_zone(session))
    other = aliased(Case)
    recent = [
        other.status != CaseStatus.CLOSED,
        other.closed_on.is_(None),
        other.closed_on >= start,
    ]
    if rule.counted_from != "closure":
        recent.append(other.opened_on >= start)
        for case_col, when in ACTIVITY:
            since = midnight if isinstance(when.type, UTCDateTime) else start
            recent.append(exists().where(case_col == other.id, when >= since))
    kept = exists().where(other.loan_id == Case.loan_id, or_(*recent))
    return select(Case.id).where(Case.status == CaseStatus.CLOSED, ~kept)


@dataclass(frozen=True)
class PastRetention:
    """The closed cases whose records are past their retention, under the rule in force."""

    rule: RetentionRule | None  # None: no period applies (nothing is counted)
    today: dt.date
    count: int
    cases: list[CaseRetention]  # oldest period first (empty when only counted)

    def text(self, lang: str | None = None) -> str:
        """One line for the admin: how many, under which rule."""
        if self.rule is None:
            return tr(
                "Records retention: no period applies (the rule is switched off or kept out).",
                lang,
            )
        return plural(
            self.count,
            "{count} closed case is past its records retention ({period}; {rule}); Casedesk "
            "deletes nothing on its own (an admin may erase the borrower's personal data).",
            "{count} closed cases are past their records retention ({period}; {rule}); Casedesk "
            "deletes nothing on its own (an admin may erase the borrowers' personal data).",
            lang,
            period=self.rule.period(lang),
            rule=self.rule.name(lang),
        )


def past_retention(
    session: Session, today: dt.date | None = None, *, listed: bool = True
) -> PastRetention:
    """The closed cases whose retention ended before `today` (the office's day): counted in one
    query, and with `listed` each one's dates."""
    from app.office import office_today

    today = today or office_today(session)
    rule = retention_rule(session)
    if rule is None:
        return PastRetention(None, today, 0, [])
    past = _past_cases(session, rule, today)
    if not listed:
        count = session.scalar(select(func.count()).select_from(past.subquery())) or 0
        return PastRetention(rule, today, count, [])
    kept = case_retention(session, session.scalars(past).all(), rule).values()
    found = [r for r in kept if r.kept_until is not None and r.kept_until < today]
    found.sort(key=lambda r: (r.kept_until or today, r.case_no))
    return PastRetention(rule, today, len(found), found)


def retention_listing(
    session: Session, actor: User, today: dt.date | None = None, *, listed: bool = True
) -> PastRetention:
    """`past_retention` for a supervisor or admin (who see every case); an agent is refused."""
    require(actor, Permission.LIST_RETENTION)
    return past_retention(session, today, listed=listed)
