"""A check-in inside the borrower's quiet hours: a check-in may come up to two hours before the
booked start (app/visits/slot.py), and for an 08:30 visit that is 06:30, before the US and CN
rule sets allow a visit (QA15: a check-in at 06:39 in Chicago was taken, unflagged, and the
compliance report counted a visit contact at 06:00). Refused where the rule set's quiet-hours
rule blocks visits (or needs an override), naming the earliest allowed time; left alone where it
only warns (UK), covers no visits, or the borrower agreed to this visit's early or late time and
the rule set lets that agreement lift it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.model import Severity
from app.compliance.rules import _quiet, param
from app.compliance.ruleset import parse_time
from app.compliance.versions import active_ruleset
from app.errors import ValidationError
from app.models import Borrower, Case, Loan, Visit
from app.wall_clock import wall_time

REFUSES = (Severity.BLOCKED, Severity.NEEDS_OVERRIDE)


def earliest_after(local: dt.datetime, end: dt.time) -> dt.datetime:
    """The end of the quiet hours `local` falls in: the same morning, or the next one."""
    day = local.date() if local.time() < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, local.tzinfo)


def require_outside_quiet_hours(session: Session, visit: Visit, moment: dt.datetime) -> None:
    """Refuse a check-in at `moment` inside the rule set's quiet hours for visits."""
    ruleset, _version = active_ruleset(session)
    rule = ruleset.rule("quiet_hours")
    if rule is None or not rule.enabled or rule.severity not in REFUSES:
        return
    if "visit" not in param(rule, "channels"):
        return
    if param(rule, "consent_exempts") and visit.quiet_agreed_by:
        return  # the borrower agreed to this visit's early or late time
    zone = session.scalar(
        select(Borrower.timezone)
        .join(Loan, Loan.borrower_id == Borrower.id)
        .join(Case, Case.loan_id == Loan.id)
        .where(Case.id == visit.case_id)
    )
    tz = zoneinfo.ZoneInfo(zone or "UTC")
    local = moment.astimezone(tz)
    start, end = parse_time(param(rule, "start")), parse_time(param(rule, "end"))
    if not _quiet(local.time(), start, end, bool(param(rule, "start_exclusive"))):
        return
    raise ValidationError(
        "Visit {number}: {local} in the borrower's time zone ({zone}) is within quiet hours "
        "({start}–{end}); check in no earlier than {earliest}.",
        number=visit.visit_no,
        local=local.strftime("%H:%M"),
        zone=tz.key,
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
        earliest=wall_time(earliest_after(local, end), tz),
    )
