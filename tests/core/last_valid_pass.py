"""A pass recorded so that its certification's last valid day is a given day, whatever that day
is: the office-day tests need one valid on one day and lapsed on the next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.training.records import record_training
from app.training.status import expiry_for


def pass_valid_until(
    s: Any, actor: Any, agent: Any, course: Any, last_valid: dt.date, today: dt.date
) -> None:
    """Record `agent`'s pass of `course`, its last valid day `last_valid`. The latest day taken
    whose pass is valid no later; where none ends on that very day (in a leap year no pass of 12
    or 24 months ends on 28 February: one taken on 28 February 2027 ends on the 27th, one taken
    on 1 March on the 29th), its stored last day is set to it (the sweep on 29 February 2028)."""
    taken = last_valid
    while expiry_for(taken, course.validity_months) > last_valid:
        taken -= dt.timedelta(days=1)
    record = record_training(s, actor, agent, course, taken_on=taken, score=95, today=today)
    if record.expires_on != last_valid:
        record.expires_on = last_valid
        s.flush()
