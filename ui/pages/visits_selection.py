"""What the Visits page offers for the selected visit: which actions are on (the core's reason as
a tooltip where one is off), the line naming the visit, and its detail (a complaint's pause, the
outcome and the next step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from app.agreements.from_visit import draft_refusal
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User, VisitStatus
from app.queries.visits import VisitRow, list_visits
from app.visits import approve_refusal, check_in_refusal, no_show_refusal, team_refusal
from app.visits.common import CANCELLABLE
from app.visits.detail import VisitDetail, visit_detail
from ui.pages.visits_missed import row_missed
from ui.pages.visits_view import detail_text, selection_text

if TYPE_CHECKING:
    from ui.pages.visits import VisitsPage

# A visit that took place or is under way can have an incident (app.visits.add_incident).
INCIDENT_STATUSES = (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)


def show_selection(page: VisitsPage) -> None:
    """Enable the page's actions for its selected visit (none: all off) and show its detail."""
    v = page.selected
    status = v.status if v else None
    # Only the visit's team (or a supervisor) checks it in and out: the core says why not.
    refusal = team_refusal(page.user, v.visit_no, page.user.username in v.agents) if v else None
    why = refusal.translated() if refusal is not None else ""
    page.checkout_button.setEnabled(status is VisitStatus.IN_PROGRESS and refusal is None)
    page.checkout_button.setToolTip(
        why or off_why(status, IN_PROGRESS_ONLY, (VisitStatus.IN_PROGRESS,))
    )
    page.cancel_button.setEnabled(status in CANCELLABLE)
    page.cancel_button.setToolTip(off_why(status, NOT_CANCELLABLE, CANCELLABLE))
    page.reschedule_button.setEnabled(status is VisitStatus.BOOKED)
    page.reschedule_button.setToolTip(off_why(status, BOOKED_ONLY, (VisitStatus.BOOKED,)))
    page.incident_button.setEnabled(status in INCIDENT_STATUSES)
    page.incident_button.setToolTip(off_why(status, NOT_YET_UNDER_WAY, INCIDENT_STATUSES))
    approved = status is VisitStatus.BOOKED and v is not None and v.approved
    # Its time passed with no check-in: moved or cancelled, not approved (the core's refusal).
    past = approve_refusal_text(page, v) if status is VisitStatus.BOOKED and not approved else None
    page.approve_button.setEnabled(status is VisitStatus.BOOKED and not approved and not past)
    page.approve_button.setToolTip(
        _("Approved already.")
        if approved
        else past or off_why(status, APPROVED_WHEN_BOOKED, (VisitStatus.BOOKED,))
    )
    # Drafted by the case's agent or a supervisor: a team agent whose case it is not is told
    # whose it is, not offered a button the core then refuses (found by QA).
    draft_why = draft_refusal_text(page, v) if status is VisitStatus.COMPLETED else ""
    page.agreement_button.setEnabled(status is VisitStatus.COMPLETED and draft_why is None)
    page.agreement_button.setToolTip(
        draft_why or off_why(status, AFTER_THE_VISIT, (VisitStatus.COMPLETED,))
    )
    page.selection_label.setText(
        selection_text(v, page.week_has_visits, page.next_visit, page.zone)
    )
    detail, check_in_why, no_show_why = look_up(page, v)
    # On when the core would check the visit in now (its team, approved, within its slot, no
    # complaint pausing the case) or record the no-show now (after a check-in, or once the
    # booked start has passed); else the core's reason as the tooltip.
    page.checkin_button.setEnabled(status is VisitStatus.BOOKED and check_in_why is None)
    page.checkin_button.setToolTip(check_in_why if status is VisitStatus.BOOKED else why)
    page.noshow_button.setEnabled(v is not None and no_show_why is None)
    page.noshow_button.setToolTip(no_show_why or "")
    text, whole = detail_text(detail, page.zone)
    page.detail.setText(text)
    page.detail.setToolTip(whole)
    page.detail.setVisible(bool(text))


# Why an action is off for the selected visit's status (QA s42: greyed with nothing said).
IN_PROGRESS_ONLY = "Only a visit under way is checked out."
NOT_CANCELLABLE = "A visit that has started or ended cannot be cancelled."
BOOKED_ONLY = "Only a booked visit that has not started can be moved."
NOT_YET_UNDER_WAY = "An incident is recorded for a visit under way or over."
APPROVED_WHEN_BOOKED = (
    "A visit is approved once it is booked, with its team and time, and before it starts."
)
AFTER_THE_VISIT = "An agreement is drafted from a visit once it is completed."


def off_why(status: VisitStatus | None, why: str, on_for: tuple[VisitStatus, ...]) -> str:
    """`why` in the reader's words when a visit is selected whose status turns the action off;
    nothing when none is selected (the page's line says to pick one) or the action is on."""
    return _(why) if status is not None and status not in on_for else ""


def follow_selection(page: VisitsPage) -> None:
    """Highlight the selected visit in both the list and the calendar, whichever it was picked in
    (QA: a visit clicked on the calendar stayed unselected in the list, for every role). Neither
    view announces it, so the page is not told again."""
    number = page.selected.visit_no if page.selected else None
    found = [r for r, row in enumerate(page.rows) if row.visit_no == number]
    page.list.blockSignals(True)
    try:
        if found:
            page.list.selectRow(found[0])
            page.list.scrollToItem(page.list.item(found[0], 0))
        else:
            page.list.clearSelection()
    finally:
        page.list.blockSignals(False)
    if number is not None:
        show_in_calendar(page, number)


def show_in_calendar(page: VisitsPage, number: str) -> None:
    """Make the calendar's cell holding visit `number` its selected cell (which picks the sheet
    that prints): the one already selected, else the one of the sheet's agent and day (a visit
    is in each of its agents' rows), else the first; none when the visit has no day."""
    calendar = page.calendar
    cells = [
        (r, c)
        for r in range(calendar.rowCount())
        for c in range(calendar.columnCount())
        if (item := calendar.item(r, c)) is not None
        and number in (item.data(Qt.ItemDataRole.UserRole) or [])
    ]
    current = calendar.currentItem()
    if current is not None and current.isSelected() and (current.row(), current.column()) in cells:
        return
    if not cells:
        calendar.clearSelection()  # requested or verified: listed after the week, not on it
        return
    data = page.calendar_data
    agents = [username for username, _name in data.agents] if data else []
    sheet = (
        agents.index(page.sheet_agent) if page.sheet_agent in agents else len(agents),
        data.days.index(page.sheet_day) if data and page.sheet_day in data.days else -1,
    )
    r, c = sheet if sheet in cells else cells[0]
    calendar.blockSignals(True)  # the cell follows the selection; it does not pick another visit
    try:
        calendar.setCurrentCell(r, c)
    finally:
        calendar.blockSignals(False)
    page.pick_cell(r, c)


def look_up(
    page: VisitsPage, v: VisitRow | None
) -> tuple[VisitDetail | None, str | None, str | None]:
    """The visit's detail, and why the core would not check it in, and not record it as a
    no-show, now (each None when it would; "" when no visit is selected)."""
    if v is None:
        return None, "", ""
    try:
        with page.database.sessions() as session:
            actor = session.get(User, page.user.id)
            assert actor is not None
            check_in_why = check_in_refusal(session, actor, v.visit_no)
            no_show_why = no_show_refusal(session, actor, v.visit_no)
            detail = visit_detail(session, actor, v.visit_no)
    except CasedeskError as error:
        return None, error.translated(), error.translated()
    return (
        detail,
        check_in_why.translated() if check_in_why is not None else None,
        no_show_why.translated() if no_show_why is not None else None,
    )


def draft_refusal_text(page: VisitsPage, v: VisitRow | None) -> str | None:
    """Why the page's user may not draft an agreement from the visit's outcome, None when they
    may."""
    if v is None:
        return ""
    with page.database.sessions() as session:
        actor = session.get(User, page.user.id)
        assert actor is not None
        refusal = draft_refusal(session, actor, v.visit_no)
    return refusal.translated() if refusal is not None else None


def unbooked_visits(session: Session, user: User) -> list[VisitRow]:
    """The visits `user` may see that are requested or verified but not booked (no day yet), the
    oldest first: the Visits page lists them after the week's so they can be cancelled."""
    rows = [
        row
        for status in (VisitStatus.REQUESTED, VisitStatus.VERIFIED)
        for row in list_visits(session, user, status=status)
    ]
    return sorted(rows, key=lambda row: row.visit_no)


def approve_refusal_text(page: VisitsPage, v: VisitRow | None) -> str | None:
    """Why the core would refuse approving the selected booked visit now (its time passed with
    no check-in, or a deactivated account is on its team), in the page's words; None when it
    would approve it."""
    if v is None or not (row_missed(v) or v.gone):  # asked of the core only for these
        return None
    with page.database.sessions() as session:
        refused = approve_refusal(session, v.visit_no)
    return refused.translated() if refused is not None else None
