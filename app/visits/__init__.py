"""Home visits (上门催收): request → verify → book (checked by the rule set; a booking moved
the same way) → check in → check out (or no-show), cancel; incidents; the late check-out alert
and its resolution."""

from app.visits.alerts import LateVisit, late_visits, resolve_late
from app.visits.approval import approve_refusal, approve_visit
from app.visits.booking import BookingResult, book_visit, check_booking
from app.visits.checkout import check_out, no_show, no_show_refusal
from app.visits.common import INCIDENT_KINDS, find_visit, visit_number
from app.visits.incidents import add_incident
from app.visits.lifecycle import (
    cancel_visit,
    check_in,
    check_in_refusal,
    request_visit,
    team_refusal,
    verify_visit,
)
from app.visits.reschedule import check_reschedule, reschedule_visit

__all__ = [
    "INCIDENT_KINDS",
    "BookingResult",
    "LateVisit",
    "add_incident",
    "approve_refusal",
    "approve_visit",
    "book_visit",
    "cancel_visit",
    "check_booking",
    "check_in",
    "check_in_refusal",
    "check_out",
    "check_reschedule",
    "find_visit",
    "late_visits",
    "no_show",
    "no_show_refusal",
    "request_visit",
    "reschedule_visit",
    "resolve_late",
    "team_refusal",
    "verify_visit",
    "visit_number",
]
