"""An admin confirms this computer's clock right while the office's last work is dated later.

A computer whose clock was ahead (a date typed a month on) dates its work in the future; once it is
put right, every computer's clock is "earlier than the office's last recorded work" until real
time catches up, and the daily backup and the day's queue rebuild wait all that while
(app/clock_behind.py). The admin who checked this clock confirms it, for a written reason: the
confirmation is audited and kept with the office, and from then on the clock is judged by the work
recorded since (app/clock_behind.judged_by) until real time passes the work dated ahead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, require
from app.clock_behind import CONFIRMED, clock_behind, latest_work
from app.errors import ValidationError
from app.i18n import tr
from app.models import Setting, User
from app.reasons import refuse_short
from app.wall_clock import wall_time

NOT_BEHIND = (
    "This computer's clock is not earlier than the office's last recorded work: there is "
    "nothing to confirm."
)


@dataclass(frozen=True)
class ClockConfirmed:
    computer: dt.datetime  # this computer's time, confirmed right (aware)
    last_work: dt.datetime  # the office's last recorded work, dated ahead (aware)
    zone: dt.tzinfo  # the office's: both are shown on its clock

    def message(self, lang: str | None = None) -> str:
        """What was confirmed: `casedesk db confirm-clock`'s output, the window's status bar."""
        return tr(
            "Confirmed this computer's clock right ({now}): the office's last work, recorded at "
            "{last}, was dated by a computer whose clock was ahead. The daily backup and the "
            "day's queue rebuild go on by this clock.",
            lang,
            now=wall_time(self.computer, self.zone),
            last=wall_time(self.last_work, self.zone),
        )


def confirm_clock(session: Session, admin: User, reason: str) -> ClockConfirmed:
    """Confirm this computer's clock right (admin, a reason as long as an override's), in the
    caller's transaction: an audit entry `clock.confirm` naming the last work's time, this
    computer's and the reason, and the confirmation kept (CONFIRMED). Refused when the clock is
    not behind."""
    require(admin, Permission.CONFIRM_CLOCK)
    found = clock_behind(session)
    if found is None:
        raise ValidationError(NOT_BEHIND)
    refuse_short(reason)
    ahead_until = max(latest_work(session) or found.last_work, found.last_work)
    entry = audit.record(
        session,
        admin,
        "clock.confirm",
        "database",
        "",
        {
            "last_work": found.last_work.isoformat(),
            "computer": found.computer.isoformat(),
            "reason": reason.strip(),
        },
    )
    value = {"entry": entry.id, "ahead_until": ahead_until.isoformat()}
    row = session.get(Setting, CONFIRMED)
    if row is None:
        session.add(Setting(key=CONFIRMED, value=value, updated_by_id=admin.id))
    else:
        row.value = value
        row.updated_by_id = admin.id
    session.flush()
    return ClockConfirmed(found.computer, found.last_work, found.zone)
