"""`casedesk visit reschedule`: a booked visit moved to another time, length or team, checked as
a booking is, confirmed with its new time."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from typing import Any

from app.cli.cmd_visit_steps import Judged, _judged, _said, _slot
from app.i18n import tr
from app.models import User
from app.typed_number import number_key


def run_reschedule(args: argparse.Namespace) -> int:
    from app.visits import check_reschedule, reschedule_visit
    from app.visits.common import find_visit, utc
    from app.visits.quiet_consent import stored_agreement

    number = number_key(args.visit_no)
    moved: dict[str, str] = {}  # the new time on the office's clock, and the office's zone

    def step(session: Any, user: User, boss: User | None) -> Judged:
        visit = find_visit(session, user, number)
        minutes = args.minutes
        start, end = visit.scheduled_start, visit.scheduled_end
        if minutes is None:  # the length it has now
            minutes = (utc(end) - utc(start)) // dt.timedelta(minutes=1) if start and end else 60
        fields = _slot(args, minutes)
        # Where it was booked unless told: a visit at work is checked as one after the move.
        fields["at_workplace"] = (args.at_work or visit.at_workplace) and not args.not_at_work
        # The borrower's agreement to an early or late time was for the booked slot: kept when
        # only the team moves, given again (--quiet-agreed-by, -how) for another time.
        same_slot = (
            start is not None
            and end is not None
            and (
                utc(start) == utc(fields["start"])
                and utc(end) - utc(start) == dt.timedelta(minutes=fields["minutes"])
            )
        )
        if fields["quiet_agreement"] is None and same_slot:
            fields["quiet_agreement"] = stored_agreement(visit)
        # The consents the booking recorded, unless a flag says: consent to enter holds wherever
        # the visit moves, the agreement to the time for the booked slot only (as the Reschedule
        # dialog's boxes; QA s46: a move of the team alone asked an override for both).
        if args.borrower_agreed is None:
            fields["borrower_agreed"] = visit.borrower_agreed and same_slot
        if args.consent_to_enter is None:
            fields["consent_to_enter"] = visit.consent_to_enter
        if args.check:
            return number, check_reschedule(session, user, number, **fields), False
        result = reschedule_visit(
            session,
            user,
            number,
            reason=args.reason,
            override_by=boss,
            override_reason=args.override_reason,
            **fields,
        )
        moved.update(_new_time(session, result.visit))
        return number, result.verdict, result.saved

    judged = _judged(args, step)
    return _said(
        args,
        judged,
        tr(
            "Visit {number} rescheduled to {when} (office time, {zone}).",
            number=number,
            when=moved.get("when", ""),
            zone=moved.get("zone", ""),
        ),
        tr("Not rescheduled: blocked by the rules (the block is recorded)."),
        tr(
            "Not rescheduled: a supervisor must override: add --override-reason, and --override-by "
            "with their name when you are not one."
        ),
    )


def _new_time(session: Any, visit: Any) -> dict[str, str]:
    """A visit's booked time as `visit reschedule` confirms it, "2026-12-09 10:30–11:30", and the
    office's zone (QA: it said only "rescheduled"); nothing for a move not saved."""
    from app.office import office_timezone
    from app.visits.common import utc
    from app.wall_clock import end_clock, span, wall_time

    if visit is None or visit.scheduled_start is None or visit.scheduled_end is None:
        return {}
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    start, end = utc(visit.scheduled_start), utc(visit.scheduled_end)
    when = span(wall_time(start, zone), end_clock(start, end, zone))
    return {"when": when, "zone": zone.key}
