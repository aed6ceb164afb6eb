"""An office (tests/core/visit_office.py) whose visit flags and refusals each chose a different
slot: agent01's visit booked at 10:00 (overridden), then moved to 14:00 (overridden); a second
visit refused at 14:30 (agent01 double-booked), booked at 10:00, then refused a move to 14:15.
SLOTS says which slot (start, end in Shanghai time on the visit day) each row chose."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.models import User
from app.visits import book_visit, reschedule_visit
from tests.core.visit_office import (
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)

WHY_BOOK = "家属电话确认可以上门"
WHY_MOVE = "借款人改口同意下午上门"
HOUR = dt.timedelta(hours=1)
# (table, action) → the slot each flag or refusal chose, in the order they were made.
SLOTS = {
    ("flagged_booking", "visit_book"): [(10, 0)],
    ("flagged_booking", "visit_reschedule"): [(14, 0)],
    ("blocked_attempt", "visit_book"): [(14, 30)],
    ("blocked_attempt", "visit_reschedule"): [(14, 15)],
}


def chosen(hour: int, minute: int) -> tuple[dt.datetime, dt.datetime]:
    """A one-hour slot at hour:minute on the visit day (aware, Shanghai)."""
    return slot(hour, minute), slot(hour, minute) + HOUR


def _as(database: Any, who: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    user = login(database, who)
    with database.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def _fields(**changes: Any) -> dict[str, Any]:
    return {
        "agents": ("agent01", "agent02"),
        "minutes": 60,
        "borrower_agreed": True,
        "consent_to_enter": True,
        **changes,
    }


def build_flag_slots(database: Any) -> list[str]:
    """Fill an empty, migrated database with the office and its flags; the case numbers."""
    build_visit_office(database)
    cases = case_nos(database)
    boss = login(database, "supervisor")
    first = verified_visit(database, cases[0])
    booked = _as(
        database, "agent01", book_visit, first,
        **_fields(start=slot(10), borrower_agreed=False, override_by=boss,
                  override_reason=WHY_BOOK),
    )  # fmt: skip
    assert booked.saved
    moved = _as(
        database, "agent01", reschedule_visit, first,
        **_fields(start=slot(14), borrower_agreed=False, override_by=boss,
                  override_reason=WHY_MOVE, reason="借款人要求改时间"),
    )  # fmt: skip
    assert moved.saved
    second = verified_visit(database, cases[1])
    team = ("agent03", "agent01")
    clash = _as(database, "agent01", book_visit, second, **_fields(agents=team, start=slot(14, 30)))
    assert not clash.saved
    assert _as(
        database, "agent01", book_visit, second, **_fields(agents=team, start=slot(10))
    ).saved
    refused = _as(
        database, "agent01", reschedule_visit, second,
        **_fields(agents=team, start=slot(14, 15), reason="借款人要求改时间"),
    )  # fmt: skip
    assert not refused.saved
    return cases
