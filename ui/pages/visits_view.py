"""How the Visits page shows a week: the calendar's cells, the list's rows, status colours, the
late check-out banner's text and the selected visit's detail (a complaint's pause, the outcome
and next step)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

from app.i18n import listed, plural
from app.i18n import tr as _
from app.labels import VISIT_STATUS, capital, duration, label
from app.models import VisitStatus
from app.queries.visits import VisitRow, WeekCalendar, viewer_part
from app.visits import LateVisit
from app.visits.detail import (
    VisitDetail,
    booking_lines,
    incident_lines,
    missed_text,
    outcome_lines,
    pause_text,
)
from app.visits.no_check_in import what_to_do
from app.wall_clock import end_clock, span, wall_time
from ui.colours import colour, hex_of
from ui.header_items import set_headers
from ui.pages.visits_gone import agent_head, gone_cell_line, gone_detail, gone_status, gone_tip
from ui.pages.visits_missed import row_missed
from ui.pages.visits_today import TODAY_LINES, fit_today
from ui.widgets import cap_column

LIST_HEADERS = (
    "Visit",
    "Case",
    "Borrower",
    "Status",
    "Start",
    "End",
    "Agents",
    "Your part",
    "Address",
)
PART_COLUMN = LIST_HEADERS.index("Your part")  # an agent's list only
ADDRESS_COLUMN = LIST_HEADERS.index("Address")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ALERT_LINES = 5  # the banner stays a few lines high, however many check-outs are late
# The calendar's agents (name over user name) are at most this wide, cut with "…" and whole in
# their tooltips: a name of 120 characters took the calendar's whole width, its days behind a
# scroll bar. The list's Borrower and Agents columns are at most LIST_NAME_WIDTH likewise.
AGENT_WIDTH, LIST_NAME_WIDTH = 200, 280
CELL_NAME_CHARS = 24  # a borrower's name in a calendar cell (whole: its tooltip): 100 took 10 lines
DETAIL_CHARS = 160  # a value longer than this is cut short in the detail line (whole: tooltip)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def local(at: dt.datetime | None, zone: dt.tzinfo, fmt: str = "%H:%M") -> str:
    """A UTC timestamp in the office's time zone (with the zone's abbreviation in the hour that
    comes twice); empty when there is none."""
    return wall_time(at, zone, fmt) if at else ""


def _end(v: VisitRow, zone: dt.tzinfo) -> str:
    """The visit's end, "01:00 (+1 day)" when past midnight (QA: it read as the same day's)."""
    return end_clock(v.start, v.end, zone) if v.start and v.end else local(v.end, zone)


def _when(v: VisitRow, zone: dt.tzinfo, day: dt.date | None) -> str:
    """In `day`'s cell: "23:30–01:00 (+1 day)"; on the next day's, "12-10 23:30–01:00"."""
    if v.start is not None and day is not None and v.start.astimezone(zone).date() < day:
        return span(local(v.start, zone, "%m-%d %H:%M"), local(v.end, zone))
    return span(local(v.start, zone), _end(v, zone))


def status_colour(status: VisitStatus, paused: bool = False, awaiting: bool = False) -> QColor:
    """The cell's fill for the palette now (ui/colours.py; the cell's text is the palette's);
    a paused case's first, then a team out, then a visit awaiting approval."""
    # Not a module constant: tests/ui/msgids.py reads upper-case string tables as UI text.
    fills = {  # booked blue, under way amber, done green, no-show grey
        VisitStatus.BOOKED: "booked_fill",
        VisitStatus.IN_PROGRESS: "in_progress_fill",
        VisitStatus.COMPLETED: "completed_fill",
        VisitStatus.NO_SHOW: "no_show_fill",
    }
    if paused:  # a complaint pauses contact on the case: the team must not go
        return colour("alert_fill")
    if awaiting and status != VisitStatus.IN_PROGRESS:  # may not go until a supervisor says so
        return colour("awaiting_fill")
    if status not in fills:
        return QApplication.palette().color(QPalette.ColorRole.Base)
    return colour(fills[status])


def pressing(statuses: Iterable[VisitStatus]) -> VisitStatus:
    """Of a day's visits, the status its cell is coloured by: a team out first, then a visit to
    come, a no-show, one done (the first visit's status hid a second under way)."""
    order = (VisitStatus.IN_PROGRESS, VisitStatus.BOOKED, VisitStatus.NO_SHOW)
    found = list(statuses)
    return next((status for status in order if status in found), found[0])


def approval_status(v: VisitRow) -> str:
    """The visit's status, and that it waits for a supervisor's approval (as the daily sheet
    says: QA, the list and the line read "Booked" for a visit the team may not check in to)."""
    status = capital(label(VISIT_STATUS, v.status))
    return _("{status}, awaiting approval", status=status) if v.awaiting_approval else status


def waiting_text(v: VisitRow) -> str:
    """What a visit awaiting approval waits for, as the daily sheet says it; "" for one not."""
    if not v.awaiting_approval:
        return ""
    return _(
        "Not approved yet: check-in is refused until a supervisor approves visit {number}.",
        number=v.visit_no,
    )


def status_text(v: VisitRow) -> str:
    """The visit's status, awaiting approval, not checked in once its time has passed, and that
    contact is paused on its case (a visit not yet started)."""
    status = approval_status(v)
    if row_missed(v):
        status = _("{status}, not checked in", status=status)
    status = gone_status(v, status)
    return _("{status} (contact paused)", status=status) if v.paused_by else status


def day_header(n: int, day: dt.date, today: dt.date) -> QTableWidgetItem:
    """A day's column header, "Thu 12-10"; the office's today says so, in bold and blue."""
    text = f"{_(WEEKDAYS[n])} {day:%m-%d}"
    item = QTableWidgetItem(text)
    if day == today:
        item.setText(_("Today · {day}", day=text))
        item.setData(TODAY_LINES, (item.text(), _("Today") + "\n" + text))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setForeground(colour("today_text"))
        item.setBackground(colour("today_fill"))
    item.setData(Qt.ItemDataRole.UserRole, day)
    return item


def calendar_cell(
    visits: Sequence[VisitRow], zone: dt.tzinfo, day: dt.date | None = None
) -> QTableWidgetItem:
    """A day's visits in one cell, each one's time and borrower, coloured by status; the tool tip
    adds each one's number, case, status and team (a click selects it, and the line above the
    calendar names it)."""
    # The time on a line of its own: in a narrow column a name wrapped after the time was split
    # between lines (王玉 / 英); and no number: "V2026-000006" was cut off at the cell's edge at
    # 1366 px (QA), and the borrower and the time are what tell a day's visits apart. A paused
    # case's visit says so on a third line, and so does one awaiting approval (QA: drawn as an
    # approved one, a supervisor scanning the week could not see what waited for them).
    times = [_when(v, zone, day) for v in visits]
    item = QTableWidgetItem(
        "\n".join(
            f"{time}\n{cut(v.borrower, CELL_NAME_CHARS)}"
            + ("\n⚠ " + _("Contact paused") if v.paused_by else "")
            + ("\n◷ " + _("Awaiting approval") if v.awaiting_approval else "")
            + ("\n⚠ " + _("Not checked in") if row_missed(v) else "")
            + gone_cell_line(v)
            for time, v in zip(times, visits, strict=True)
        )
    )
    item.setData(Qt.ItemDataRole.UserRole, [v.visit_no for v in visits])
    if visits:
        item.setBackground(
            status_colour(
                pressing(v.status for v in visits),
                any(v.paused_by or row_missed(v) or v.gone for v in visits),  # need someone now
                any(v.awaiting_approval for v in visits),
            )
        )
        item.setToolTip(
            "\n".join(
                f"{time} {v.borrower} · {v.visit_no} · {_('case {case}', case=v.case_no)} · "
                f"{approval_status(v)} · {listed(v.agent_names)}"
                + (f"\n{pause_text(v.paused_by)}" if v.paused_by else "")
                + (f"\n{waiting_text(v)}" if v.awaiting_approval else "")
                + (
                    "\n"
                    + _(
                        "{name}: {value}",
                        name=_("Not checked in"),
                        value=what_to_do(
                            paused=bool(v.paused_by), awaiting_approval=v.awaiting_approval
                        ),
                    )
                    if row_missed(v)
                    else ""
                )
                + gone_tip(v)
                for time, v in zip(times, visits, strict=True)
            )
        )
    return item


def fill_calendar(
    table: QTableWidget, data: WeekCalendar, zone: dt.tzinfo, today: dt.date | None = None
) -> None:
    """Agents as rows, the week's days as columns; each cell lists that day's visits. The column
    of `today` (the office's, not this computer's) is marked in its header. An agent's calendar
    has a last row for the visits on their own cases that other agents go on, when there are."""
    table.clear()
    others = bool(data.other_teams)
    table.setRowCount(len(data.agents) + others)
    table.setColumnCount(7)
    for n, day in enumerate(data.days):
        table.setHorizontalHeaderItem(n, day_header(n, day, today or dt.date.min))
    fit_today(table)
    heads = [agent_head(username, name, username in data.gone) for username, name in data.agents]
    # The header is at most AGENT_WIDTH: a long name is cut, and whole in its tool tip. Its items
    # are made here, not read back from Qt (ui/header_items.py).
    texts = heads + ([_("My cases,\nother teams")] if others else [])
    tips = heads + ([_("Visits on your cases that other agents go on")] if others else [])
    set_headers(table, texts, tips, Qt.Orientation.Vertical)
    for r, (username, _name) in enumerate(data.agents):
        for c, day in enumerate(data.days):
            table.setItem(r, c, calendar_cell(data.visits(username, day), zone, day))
    if others:
        for c, day in enumerate(data.days):
            table.setItem(len(data.agents), c, calendar_cell(data.on_other_teams(day), zone, day))
    table.resizeRowsToContents()
    for r in range(table.rowCount()):
        table.setRowHeight(r, max(table.rowHeight(r), 48))


def part_text(v: VisitRow, viewer: str | None) -> str:
    """Why an agent sees the visit: their case, their team, or both; "" for a supervisor."""
    part = viewer_part(v, viewer) if viewer else ""
    if part == "both":
        return _("Your case · on the team")
    if part == "team":
        return _("On the team")
    return _("Your case, another team") if part == "case" else ""


def fill_list(
    table: QTableWidget, rows: Sequence[VisitRow], zone: dt.tzinfo, viewer: str | None = None
) -> None:
    """One row per visit, without emitting selection signals while it refills; for an agent
    (`viewer`, their user name) each row says whether it is on their case, their team or both."""
    table.blockSignals(True)
    table.setRowCount(len(rows))
    for r, v in enumerate(rows):
        values = (
            v.visit_no,
            v.case_no,
            v.borrower,
            status_text(v),
            local(v.start, zone, "%Y-%m-%d %H:%M"),
            _end(v, zone),
            listed(v.agent_names),
            part_text(v, viewer),
            v.address,
        )
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
        if v.awaiting_approval:  # its Status filled as its calendar cell, and why it waits
            waiting = table.item(r, LIST_HEADERS.index("Status"))
            waiting.setBackground(colour("awaiting_fill"))
            waiting.setToolTip(waiting_text(v))
    # Fit every column but the last: resizing that one too undoes its stretch to the page's edge
    # from the second fill on.
    for c in range(table.columnCount() - 1):
        table.resizeColumnToContents(c)
    for c in (LIST_HEADERS.index("Borrower"), LIST_HEADERS.index("Agents")):
        cap_column(table, c, LIST_NAME_WIDTH)
        for r in range(table.rowCount()):
            if (item := table.item(r, c)) is not None:
                item.setToolTip(item.text())
    table.resizeRowsToContents()
    table.blockSignals(False)


def rows_follow_address(table: QTableWidget) -> None:
    """The list's rows as tall as their wrapped text whenever the address column (the last, as
    wide as the page leaves it) changes width: at 150 % text a long address lost its postcode
    to "…" on a row of one line."""

    def fit(column: int, _old: int, _new: int) -> None:
        if column == ADDRESS_COLUMN:  # once the header is done: inside, rows met the old width
            QTimer.singleShot(0, table, table.resizeRowsToContents)

    table.horizontalHeader().sectionResized.connect(fit)


def alerts_text(alerts: Sequence[LateVisit], zone: dt.tzinfo) -> str:
    """The banner's rich text: a heading with the count, then one line per late check-out, the
    most overdue first (the one Resolve… takes unless another late visit is selected), up to
    ALERT_LINES and a count of the rest."""
    lines = [
        _(
            "{number} ({borrower}, {agents}): expected end {end}, {late} ago, no check-out",
            number=a.visit_no,
            borrower=a.borrower,
            agents=listed(a.agent_names),
            # With its year, as `visit alerts`: once the year turns, "12-09" read as the coming
            # December (found by QA).
            end=local(a.scheduled_end, zone, "%Y-%m-%d %H:%M"),
            late=duration(a.minutes_late),
        )
        for a in alerts[:ALERT_LINES]
    ]
    if len(alerts) > ALERT_LINES:
        lines.append(
            plural(
                len(alerts) - ALERT_LINES,
                "… and {count} more late check-out.",
                "… and {count} more late check-outs.",
            )
        )
    heading = _("Late check-out")
    if len(alerts) > 1:
        heading = _("Late check-outs ({count})", count=len(alerts))
    return "<b>" + heading + "</b><br>" + "<br>".join(escape(line) for line in lines)


def selection_text(
    selected: VisitRow | None, week_has_visits: bool, next_visit: VisitRow | None, zone: dt.tzinfo
) -> str:
    """The line above the calendar: the selected visit; else, for an empty week, that it is
    empty and where the next visit is (a "next" link to its week); else how to select one."""
    if selected is not None:
        return _(
            "Selected: {number} · {borrower} · {status}",
            number=selected.visit_no,
            borrower=selected.borrower,
            status=status_text(selected),  # as the list's Status column says it (QA: "booked")
        )
    if week_has_visits:
        return _("Click a visit in the calendar or the list.")
    if next_visit is None or next_visit.start is None:
        return _("No visits in this week, and none booked after it.")
    return _(
        'No visits in this week. The next is {number} on {date}: <a href="next">show its week</a>.',
        number=next_visit.visit_no,
        date=local(next_visit.start, zone, "%Y-%m-%d"),
    )


def cut(text: str, most: int) -> str:
    """`text` on one line, at most `most` characters, the last of them "…" when it was cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"


def _short(text: str) -> str:
    return cut(text, DETAIL_CHARS)


def detail_text(detail: VisitDetail | None, zone: dt.tzinfo) -> tuple[str, str]:
    """The selected visit's detail line as rich text, and its whole text for the tooltip: a
    complaint's pause first (in red: do not go), then the outcome once the visit is done (the
    reason, what the borrower said, the next step, the cost), else the booking's consent and
    steps. Empty when there is nothing to add to the list's row."""
    if detail is None:
        return "", ""
    pairs = outcome_lines(detail) or booking_lines(detail, zone, steps_only=True)
    pairs += incident_lines(detail)
    rich = [
        _("{name}: {value}", name=f"<b>{escape(name)}</b>", value=escape(_short(value)))
        for name, value in pairs
    ]
    whole = [_("{name}: {value}", name=name, value=value) for name, value in pairs]
    lines = [" · ".join(rich)] if rich else []
    missed_words = missed_text(detail, zone)
    if missed_words:  # its time passed with no check-in: what to do, above the booking
        flagged = f"color: {hex_of('paused')}; font-weight: bold;"
        lines.insert(0, f'<span style="{flagged}">{escape(missed_words)}</span>')
        whole.insert(0, missed_words)
    if (gone := gone_detail(detail)) is not None:  # no check-in until its team is changed
        lines.insert(0, gone[0])
        whole.insert(0, gone[1])
    if detail.paused_by:  # a line of its own, above the rest
        pause = pause_text(detail.paused_by)
        paused = f"color: {hex_of('paused')}; font-weight: bold;"
        lines.insert(0, f'<span style="{paused}">{escape(pause)}</span>')
        whole.insert(0, pause)
    return "<br>".join(lines), "\n".join(whole)
