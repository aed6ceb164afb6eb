"""The Visits page's words for booked visits with a deactivated account on the team
(app/visits/team_gone.py): their part of the alert banner, the mark on their row, calendar cell
and detail, and the deactivated agent's calendar row kept while such a visit is to come (QA s46:
the row dropped off and the visit read as booked and approved)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from app.i18n import plural, sentences
from app.i18n import tr as _
from app.queries.visits import VisitRow
from app.visits.detail import VisitDetail
from app.visits.team_gone import (
    GoneTeamVisit,
    gone_line,
    gone_text,
    gone_words,
    restaff_advice,
    start_passed,
)
from ui.colours import hex_of

GONE_LINES = 5  # as many as the late check-outs' lines at most, then a count of the rest


def gone_banner_text(visits: Sequence[GoneTeamVisit], zone: dt.tzinfo) -> str:
    """The banner's rich text for them: a heading with the count, a line per visit (the soonest
    first) and what to do."""
    if not visits:
        return ""
    lines = [gone_line(g, zone) for g in visits[:GONE_LINES]]
    if len(visits) > GONE_LINES:
        lines.append(
            plural(
                len(visits) - GONE_LINES,
                "… and {count} more visit with someone on its team who may no longer go.",
                "… and {count} more visits with someone on their teams who may no longer go.",
            )
        )
    passed = [start_passed(g.scheduled_start) for g in visits]  # the same time is refused
    lines.append(restaff_advice(window=True, passed=all(passed), some_passed=any(passed)))
    heading = _("Team to staff anew ({count})", count=len(visits))
    return "<b>" + escape(heading) + "</b><br>" + "<br>".join(escape(line) for line in lines)


def gone_cell_line(v: VisitRow) -> str:
    """The calendar cell's mark for such a visit; "" for any other."""
    return "\n⚠ " + _("Team to staff anew") if v.gone else ""


def gone_tip(v: VisitRow) -> str:
    """The calendar cell's tooltip line for such a visit; "" for any other."""
    if not v.gone:
        return ""
    what = restaff_advice(window=True, passed=start_passed(v.start))
    return "\n" + sentences([gone_words(v.visit_no, v.gone_names), what])


def gone_status(v: VisitRow, status: str) -> str:
    """The list's and the selection line's status, and that the team is to be staffed anew."""
    return _("{status}, team to staff anew", status=status) if v.gone else status


def gone_detail(detail: VisitDetail) -> tuple[str, str] | None:
    """The detail's line for such a visit, in red (rich text, and its whole text), or None."""
    if not detail.gone:
        return None
    words = gone_text(detail.visit_no, detail.gone_names, start=detail.start)
    style = f"color: {hex_of('paused')}; font-weight: bold;"
    return f'<span style="{style}">{escape(words)}</span>', words


def agent_head(username: str, name: str, gone: bool) -> str:
    """A calendar row's header: the name over the user name, and that the account may no longer go
    on visits, deactivated or no longer an agent (its row kept while a booked visit of the week
    still has it on the team)."""
    if not gone:
        return f"{name}\n{username}"
    return f"{name}\n{username}\n" + _("(may no longer go on visits)")
