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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
from app.models.office import Office

RULE_ID = "records_retention"
CHUNK = 500  # case ids per IN list


@dataclass(frozen=True)
class RetentionRule:
    """The records_retention rule in force, as the retention checks read it."""

    years: int
    counted_from: str  # "last_activity" | "closure"
    ruleset: str  # "CN 2026.4": the rule set whose rule this is
    citation: str
    citation_zh: str = ""

    def name(self, lang: str | None = None) -> str:
        """ "Records retention (CN 2026.4)" """
        return f"{label(RULE, RULE_ID, lang)} ({self.ruleset})"

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
    kept_until: dt.date | None  # None while the case is open: kept, with no end yet


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


def case_retention(
    session: Session, case_ids: Iterable[int], rule: RetentionRule
) -> dict[int, CaseRetention]:
    """Each case's retention under `rule`, by case id."""
    from app.office import office_zone

    zone = office_zone(session)
    wanted = sorted(set(case_ids))
    found: dict[int, CaseRetention] = {}
    for start in range(0, len(wanted), CHUNK):
        ids = wanted[start : start + CHUNK]
        latest = _latest(session, ids, zone)
        rows = session.execute(
            select(Case.id, Case.case_no, Case.status, Case.opened_on, Case.closed_on).where(
                Case.id.in_(ids)
            )
        )
        for case_id, case_no, status, opened_on, closed_on in rows:
            closed = closed_on if status is CaseStatus.CLOSED else None
            days = [d for d in (opened_on, closed, latest.get(case_id)) if d is not None]
            last = max(days)
            if closed is None:
                until = None
            else:
                anchor = closed if rule.counted_from == "closure" else last
                until = add_years(anchor, rule.years)
            found[case_id] = CaseRetention(case_id, case_no, closed, last, until)
    return found


@dataclass(frozen=True)
class PastRetention:
    """The closed cases whose records are past their retention, under the rule in force."""

    rule: RetentionRule | None  # None: no period applies (nothing is counted)
    today: dt.date
    cases: list[CaseRetention]  # oldest period first

    def text(self, lang: str | None = None) -> str:
        """One line for the admin: how many, under which rule."""
        if self.rule is None:
            return tr(
                "Records retention: no period applies (the rule is switched off or kept out).",
                lang,
            )
        return plural(
            len(self.cases),
            "{count} closed case is past its records retention ({period}; {rule}); "
            "nothing is deleted by Casedesk.",
            "{count} closed cases are past their records retention ({period}; {rule}); "
            "nothing is deleted by Casedesk.",
            lang,
            period=self.rule.period(lang),
            rule=self.rule.name(lang),
        )


def past_retention(session: Session, today: dt.date | None = None) -> PastRetention:
    """The closed cases whose retention ended before `today` (the office's day)."""
    from app.office import office_today

    today = today or office_today(session)
    rule = retention_rule(session)
    if rule is None:
        return PastRetention(None, today, [])
    closed = session.scalars(select(Case.id).where(Case.status == CaseStatus.CLOSED)).all()
    kept = case_retention(session, closed, rule).values()
    past = [r for r in kept if r.kept_until is not None and r.kept_until < today]
    past.sort(key=lambda r: (r.kept_until or today, r.case_no))
    return PastRetention(rule, today, past)


def retention_listing(session: Session, actor: User, today: dt.date | None = None) -> PastRetention:
    """`past_retention` for an admin (the rule set's keeper); anyone else is refused."""
    require(actor, Permission.EDIT_RULESET)
    return past_retention(session, today)
