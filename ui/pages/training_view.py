"""How the Agents & training page shows statuses: labels, colours, the work line, the alert."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QHeaderView, QTableWidget

from app.i18n import plural, sentences
from app.i18n import tr as _
from app.training import AgentTraining, CourseState, CourseStatus, WorkKind
from app.training.history import ExpiringCertificate
from app.training.records import short_course_name
from app.training.status import in_filter
from ui.colours import colour
from ui.table_fill import BACKGROUND, FONT, FOREGROUND, TIP, cell_text, set_cell

STATUS_LABELS = {
    CourseStatus.VALID: "Valid",
    CourseStatus.EXPIRING: "Expiring",
    CourseStatus.LAPSED: "Lapsed",
    CourseStatus.MISSING: "Missing",
}
FILTERS = (
    ("all", "All agents"),
    ("lapsed", "Lapsed or missing"),
    ("expiring", "A course expiring within 30 days"),
    ("valid", "All valid"),
)
# Background and text colour per status (ui/colours.py): in the light scheme the same pastel
# family as the printed roster.
_COLOURS = {
    CourseStatus.VALID: ("valid_fill", "valid_text"),
    CourseStatus.EXPIRING: ("expiring_fill", "expiring_text"),
    CourseStatus.LAPSED: ("lapsed_fill", "lapsed_cell_text"),
    CourseStatus.MISSING: ("missing_fill", "missing_text"),
}


# A name's column (the agent's, their user name, a course in the history) is at most this wide,
# its text cut with "…" and whole in the cell's tooltip: an agent's name of 120 characters took
# 750 px of the table at 1366 and squeezed the course columns to "Valid · 20…"; a course's of
# 100 put the history's Valid until, Trainer and Evidence behind a scroll bar in Chinese.
NAME_WIDTH = 280  # about 35 Latin or 20 Chinese characters, as the log pages allow
COURSE_WIDTH = 360


def cap_names(table: QTableWidget, columns: dict[int, int]) -> None:
    """Fit each of `columns` (column: its most width) to its texts up to that width, whole in
    each cell's tooltip (the table's ElidedTips delegate shows it when the text is cut). After
    each fill; the user may still widen a column by hand until the next."""
    header = table.horizontalHeader()
    for column, most in columns.items():
        for row in range(table.rowCount()):
            set_cell(table, row, column, {TIP: cell_text(table, row, column)})
        fitted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, min(fitted, most))


def status_text(status: CourseStatus) -> str:
    return _(STATUS_LABELS[status])


def matches(agent: AgentTraining, filter_key: str) -> bool:
    """The core's filter (the dashboard's tiles count the same agents)."""
    return in_filter(agent, filter_key)


def paint(
    table: QTableWidget, row: int, column: int, status: CourseStatus, bold: bool = False
) -> None:
    """Colour a table cell as a status pill (through the model: ui/table_fill.set_cell)."""
    background, foreground = _COLOURS[status]
    roles: dict[int, object] = {
        BACKGROUND: QBrush(colour(background)),
        FOREGROUND: QBrush(colour(foreground)),
    }
    if bold:
        font = QFont()  # the application's, bold: the cell has no font of its own
        font.setBold(True)
        roles[FONT] = font
    set_cell(table, row, column, roles)


def course_name(state: CourseState | ExpiringCertificate, lang: str) -> str:
    return state.name_zh if lang == "zh_CN" else state.name_en


def short_name(name: str) -> str:
    """A column header: the name without its parenthesised detail (a course is found by it too)."""
    return short_course_name(name)


def course_cell(state: CourseState) -> str:
    """'Valid · 2027-03-01' (the last valid day), or just the status when never passed."""
    if state.expires_on is None:
        return status_text(state.status)
    return _(
        "{status} · {date}", status=status_text(state.status), date=state.expires_on.isoformat()
    )


def course_tooltip(state: CourseState, lang: str) -> str:
    lines = [course_name(state, lang), status_text(state.status)]
    if state.last_taken_on is not None:
        lines.append(
            _(
                "Last attempt {date}: {score} ({result})",
                date=state.last_taken_on.isoformat(),
                score=state.last_score,
                result=_("pass") if state.last_passed else _("fail"),
            )
        )
    if state.expires_on is not None:
        lines.append(_("Valid until {date}", date=state.expires_on.isoformat()))
    return "\n".join(lines)


def _missing_text(states: list[CourseState], lang: str) -> str:
    parts = [
        _("{course} lapsed", course=course_name(s, lang))
        if s.status is CourseStatus.LAPSED
        else _("{course} missing", course=course_name(s, lang))
        for s in states
    ]
    return _("; ").join(parts)


def work_line(agent: AgentTraining, lang: str) -> tuple[str, bool]:
    """Which work the agent may do, naming the courses that block the rest; (text, all_ok)."""
    phone = agent.missing_for(WorkKind.PHONE)
    field = agent.missing_for(WorkKind.FIELD)
    if not phone and not field:
        return _("May do phone and field work"), True
    if phone and field:
        blocking = phone + [s for s in field if s not in phone]
        return _(
            "Phone and field work blocked: {courses}", courses=_missing_text(blocking, lang)
        ), False
    if field:
        return _(
            "May do phone work. Field work blocked: {courses}", courses=_missing_text(field, lang)
        ), False
    return _(
        "May do field work. Phone work blocked: {courses}", courses=_missing_text(phone, lang)
    ), False


def alert_text(found: list[ExpiringCertificate], today: dt.date, lang: str) -> str:
    """The banner: every certification that expires in the next 30 days, soonest first."""
    if not found:
        return _("No certifications expire in the next 30 days.")
    items = [
        plural(
            (e.expires_on - today).days,
            "{agent} ({username}): {course} until {date} ({days} day)",
            "{agent} ({username}): {course} until {date} ({days} days)",
            agent=e.display_name,
            username=e.username,
            course=course_name(e, lang),
            date=e.expires_on.isoformat(),
            days=(e.expires_on - today).days,
        )
        for e in found
    ]
    heading = _("Expiring within 30 days ({count}):", count=len(found))
    return sentences([heading, _("; ").join(items)])  # （1 项）：辛小红, no space after the colon
