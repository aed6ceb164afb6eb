"""Words of the booking form that follow the visit: the consent to enter names the place it is
booked at (the home, or the workplace), and the start reads in the borrower's own time as well
when their clock differs from the office's (quiet hours are judged in the borrower's time)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.i18n import tr as _

# At the borrower's place of work → the consent box's words.
ENTER = {
    False: "The borrower consents to the agents entering the home",
    True: "The borrower consents to the agents entering the workplace",
}

WORD_JOINER = "\u2060"  # no line break here: "America/Los_Angeles" stays whole


def borrower_time_text(start: dt.datetime, borrower_zone: ZoneInfo | None) -> str:
    """`start` (aware, the office's time) on the borrower's clock; "" when it reads the same.
    The zone's name is kept on one line when the text wraps (a word joiner after its "/")."""
    if borrower_zone is None:
        return ""
    theirs = start.astimezone(borrower_zone)
    if theirs.replace(tzinfo=None) == start.replace(tzinfo=None):
        return ""
    return _(
        "{time} the borrower's local time ({zone}), in which quiet hours are judged",
        time=theirs.strftime("%Y-%m-%d %H:%M"),
        zone=borrower_zone.key.replace("/", "/" + WORD_JOINER),
    )
