"""The daily visit sheet's data (app.queries.visits.day_sheet gathers it), and what it says of
each case and borrower beyond the visit itself: the loan's days past due, bucket and amount
overdue as of the sheet's day, and the number to call ahead on.

The figures are the queue's own (app/cases/delinquency.py), computed in SQL for the sheet's day,
not the case's stored ones: those are of the queue's latest rebuild, so a sheet reprinted for a
past day showed today's amount (0.00 on a loan paid since), not what the team carried that day.
A day still to come is counted to today: what will be overdue then depends on payments not made
yet, and the sheet says which day its figures are of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.delinquency import Position, positions
from app.errors import CasedeskError
from app.models import Phone, VisitStatus
from app.office import office_today
from app.visits.quiet_consent import QuietAgreement


@dataclass(frozen=True)
class SheetVisit:
    visit_no: str
    case_no: str
    start: dt.datetime  # aware, in the office's time zone
    end: dt.datetime
    status: VisitStatus
    borrower: str
    masked_id: str
    address: str
    phone: str  # the primary number in full: the team calls ahead on the day
    amount_overdue: int  # minor units
    partners: tuple[str, ...]  # display names of the other agents on the visit
    consent_to_enter: bool
    paused_by: tuple[str, ...] = ()  # as VisitRow.paused_by
    # Booked, but the office wants a supervisor's approval first: check-in is refused until then.
    awaiting_approval: bool = False
    # The borrower's agreement to this slot's early or late time (quiet hours), when recorded:
    # the team at the door at 07:30 carries who agreed, when and how.
    quiet_agreed: QuietAgreement | None = None
    # The office's date the borrower's personal data were erased (app/erasure.py): the sheet
    # says so in place of a name that is no longer there.
    erased_on: dt.date | None = None
    dpd: int = 0  # days past due and bucket, as amount_overdue, as of the sheet's figures day
    bucket: str = ""
    # The borrower's numbers a contact found wrong or not in service: with no valid one left the
    # sheet says so, not a bare dash that reads as "no number on file".
    phones_not_valid: int = 0
    # Why the team may not check in as staffed now (a member deactivated, training lapsed since
    # the booking: app/visits/team_check.py), said under the heading as a pause is (found by QA).
    team_refusal: CasedeskError | None = None
    # At the borrower's workplace, not home: the rules at the door differ (no word to colleagues,
    # no visit at work where the borrower asked), so the sheet says so (found by QA).
    at_workplace: bool = False


@dataclass
class VisitSheet:
    office_name: str
    safety_contact: str
    agent_username: str
    agent_name: str
    agent_phone: str
    day: dt.date
    timezone: str
    generated_at: dt.datetime
    visits: list[SheetVisit]
    ruleset_versions: tuple[str, ...] = ()  # in force on the day ("CN 2026.1"), for the footer
    paper: str = "a4"  # what the sheet is laid out on (app/paper.py)
    # The day the amounts overdue, DPD and buckets are counted to when not the sheet's day (a
    # sheet for a day to come: today's); None: the sheet's day.
    figures_as_of: dt.date | None = None
    # How many agents a visit needs under the rule set in force (CN's visit_staffing: 2; US and
    # UK: 1): the safety box says "Always two agents" only where two are needed.
    agents_needed: int = 2


def figures_day(session: Session, day: dt.date) -> dt.date:
    """The day a sheet for `day` counts its figures to: that day, or today for one to come."""
    return min(day, office_today(session))


def loan_figures(session: Session, loan_ids: Iterable[int], as_of: dt.date) -> dict[int, Position]:
    """loan id -> its position as of `as_of`; a loan not on the book then (not yet disbursed, or
    closed by then) has none: nothing overdue."""
    wanted = sorted(set(loan_ids))
    if not wanted:
        return {}
    return {p.loan_id: p for p in positions(session, as_of, wanted)}


@dataclass(frozen=True)
class SheetPhone:
    number: str  # the valid number to call ahead on, primary first; "" when none is
    not_valid: int  # the borrower's numbers a contact found wrong or not in service


def sheet_phones(session: Session, borrower_ids: Iterable[int]) -> dict[int, SheetPhone]:
    """borrower id -> the number the sheet prints and how many of theirs are marked not valid,
    so that a borrower whose every number was found wrong does not read as one with none."""
    wanted = sorted(set(borrower_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Phone.borrower_id, Phone.number, Phone.valid)
        .where(Phone.borrower_id.in_(wanted))
        .order_by(Phone.borrower_id, Phone.valid.desc(), Phone.is_primary.desc(), Phone.id)
    ).all()
    first: dict[int, str] = {}
    bad: dict[int, int] = {}
    for borrower_id, number, valid in rows:
        if valid:
            first.setdefault(borrower_id, number)
        else:
            bad[borrower_id] = bad.get(borrower_id, 0) + 1
    return {b: SheetPhone(first.get(b, ""), bad.get(b, 0)) for b in wanted}
