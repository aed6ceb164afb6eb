"""The Visits page's words for booked visits whose time passed with no check-in
(app/visits/no_check_in.py): their part of the alert banner, under the late check-outs, and the
mark on their row and calendar cell (QA: they read "Booked" for good and alerted nobody)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from app.i18n import plural
from app.i18n import tr as _
from app.queries.visits import VisitRow
from app.visits.no_check_in import (
    MissedVisit,
    advice_for_all,
    all_cancel_only,
    missed,
    missed_line,
)

MISSED_LINES = 5  # as many as the late check-outs' lines at most, then a count of the rest


def row_missed(v: VisitRow, now: dt.datetime | None = None) -> bool:
    """Whether the list's or calendar's visit was booked and its time passed with no check-in."""
    return missed(v.status, v.end, now)


def missed_banner_text(visits: Sequence[MissedVisit], zone: dt.tzinfo) -> str:
    """The banner's rich text for them: a heading with the count, a line per visit (the oldest
    first, with the year: an old visit's day must not read as the coming one) and what to do."""
    if not visits:
        return ""
    lines = [missed_line(m, zone) for m in visits[:MISSED_LINES]]
    if len(visits) > MISSED_LINES:
        lines.append(
            plural(
                len(visits) - MISSED_LINES,
                "… and {count} more visit not checked in.",
                "… and {count} more visits not checked in.",
            )
        )
    what = advice_for_all(visits)
    if all_cancel_only(visits):  # none may be recorded as a no-show: its button stays off
        lines.append(_("{what} Select the visit, then Cancel visit….", what=what))
    else:
        lines.append(_("{what} Select the visit, then No-show… or Cancel visit….", what=what))
    heading = _("Not checked in ({count})", count=len(visits))
    return "<b>" + escape(heading) + "</b><br>" + "<br>".join(escape(line) for line in lines)
