"""When a visit may start: the team checks in around the booked slot, and not on a case whose
contact an open complaint pauses (app/visits/lifecycle.py check_in, app/visits/checkout.py
no_show from booked); which complaints pause a case, for the sheet and the Visits page."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.context import paused_count
from app.errors import ValidationError
from app.models import Case, Complaint, Visit
from app.office import office_timezone
from app.visits.common import utc
from app.wall_clock import refuse_skipped, wall_time

# How long before the booked start a team may check in (early arrival, a slow door): earlier is
# another day's visit or a mistake, and the late check-out alert would then wait for the booked end.
EARLY_CHECK_IN = dt.timedelta(hours=2)


def office_time(session: Session, at: dt.datetime) -> str:
    """An instant as the office reads it: 2026-12-08 10:00 (2026-11-01 01:30 EST in the hour
    that comes twice)."""
    return wall_time(utc(at), zoneinfo.ZoneInfo(office_timezone(session)))


def require_real_time(session: Session, start: dt.datetime) -> None:
    """Refuse a start written on the office's clock at a time the clocks skip (02:30 in New York
    on 2026-03-08): read with either offset it would be an hour away from what was written. A
    start written in UTC, or on another zone's offset, is an instant and stands."""
    refuse_skipped(start, zoneinfo.ZoneInfo(office_timezone(session)))


def require_not_paused(session: Session, visit: Visit) -> None:
    """No visit starts on a case whose contact an open complaint pauses."""
    if session.scalar(select(paused_count(visit.case_id))):
        case = session.get(Case, visit.case_id)
        raise ValidationError(
            "Contact on case {case} is paused while a complaint is open; visit {number} cannot "
            "start until a supervisor lifts the pause.",
            case=case.case_no if case else "",
            number=visit.visit_no,
        )


def pausing_complaints(session: Session, case_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """case id -> the numbers of the open complaints that pause contact on it (the cases with
    none left out): the same complaints app.compliance.context.paused_count counts."""
    paused: dict[int, list[str]] = defaultdict(list)
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), 900):
        for case_id, number in session.execute(
            select(Complaint.case_id, Complaint.complaint_no)
            .where(
                Complaint.case_id.in_(ids[start : start + 900]),
                Complaint.pausing_now(),
            )
            .order_by(Complaint.case_id, Complaint.id)
        ):
            if case_id is not None:
                paused[case_id].append(number)
    return {case_id: tuple(numbers) for case_id, numbers in paused.items()}


def require_in_slot(session: Session, visit: Visit, moment: dt.datetime) -> None:
    """A check-in from EARLY_CHECK_IN before the booked start until the booked end."""
    if visit.scheduled_start is None or visit.scheduled_end is None:
        return
    start, end = utc(visit.scheduled_start), utc(visit.scheduled_end)
    if moment < start - EARLY_CHECK_IN:
        raise ValidationError(
            "Visit {number} is booked for {start}; check in no earlier than {hours} hours "
            "before it starts.",
            number=visit.visit_no,
            start=office_time(session, start),
            hours=EARLY_CHECK_IN // dt.timedelta(hours=1),
        )
    if moment > end:
        raise ValidationError(
            "The booked time of visit {number} ended at {end}; no check-in after it. Record the "
            "visit as a no-show if the team went and met nobody, or cancel it and book a new one.",
            number=visit.visit_no,
            end=office_time(session, end),
        )
