"""The Visits page: a week calendar per agent (agents as rows, days as columns) and a list, the
alert banner (late check-outs — a supervisor's lists every one, with Resolve…; an agent's their
own — and booked visits never checked in) and the selected visit's detail (a complaint's pause,
the outcome and next step). What its buttons do on the selected visit — check in or out,
no-show, reschedule, cancel, incident, approve, draft an agreement, print each agent's daily
visit sheet — is in visits_actions.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from app.queries.visits import VisitRow, WeekCalendar, list_visits, office_zone, week_calendar
from app.visits import LateVisit, late_visits
from app.visits.no_check_in import MissedVisit, missed_check_ins
from app.visits.team_gone import GoneTeamVisit, gone_team_visits
from db.store import Database
from ui.colours import on_scheme_change, set_role
from ui.focus import only_if
from ui.header_items import set_headers
from ui.office_details_notice import OfficeDetailsNotice
from ui.pages.visits_actions import VisitActions, action_bar
from ui.pages.visits_day import clock_moved, day_turned, watch_office_day
from ui.pages.visits_gone import gone_banner_text
from ui.pages.visits_missed import missed_banner_text
from ui.pages.visits_selection import follow_selection, show_selection, unbooked_visits
from ui.pages.visits_today import TodayFit
from ui.pages.visits_view import (
    AGENT_WIDTH,
    LIST_HEADERS,
    PART_COLUMN,
    alerts_text,
    fill_calendar,
    fill_list,
    monday,
    rows_follow_address,
)
from ui.preview_folder import PreviewFolder
from ui.signals import ChangeHub

WATCHES = {"visit", "case"}


class VisitsPage(VisitActions, QWidget):
    """A week at a time; every action goes through the core and announces what changed."""

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        with database.sessions() as session:
            self.zone = office_zone(session)
        # The office's date now: the day marked as today (a test sets another clock).
        self.office_day: Callable[[], dt.date] = lambda: dt.datetime.now(self.zone).date()
        self.today = self.office_day()
        self.week_start = monday(self.today)
        self.calendar_data: WeekCalendar | None = None
        self.rows: list[VisitRow] = []
        self.week_has_visits = False
        self.alerts: list[LateVisit] = []
        self.missed: list[MissedVisit] = []  # booked, their time passed with no check-in
        self.gone: list[GoneTeamVisit] = []  # booked, to come, a deactivated account on the team
        self.selected: VisitRow | None = None
        self.sheet_agent: str = user.username
        self.sheet_day: dt.date = self.today
        self.supervisor = can(user, Permission.RESOLVE_VISIT_ALERTS)
        self.previews = PreviewFolder(self)  # the sheets previewed (ui/pages/visits_sheet.py)

        previous = QPushButton(_("◀ Previous week"))
        previous.clicked.connect(lambda: self.show_week(self.week_start - dt.timedelta(days=7)))
        this = QPushButton(_("This week"))
        this.clicked.connect(lambda: self.show_week(self.office_day()))
        following = QPushButton(_("Next week ▶"))
        following.clicked.connect(lambda: self.show_week(self.week_start + dt.timedelta(days=7)))
        self.week_label = QLabel()
        self.week_label.setStyleSheet("font-weight: bold; padding: 0 8px;")
        bar = QHBoxLayout()
        for widget in (previous, this, following, self.week_label):
            bar.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        # The actions wrap onto a second row rather than hold the window wider than a laptop.
        bar.addWidget(action_bar(self), 1)

        self.banner = QFrame()
        self.banner.setObjectName("alerts")
        set_role(self.banner, "alert_frame")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        self.resolve_button = QPushButton(_("Resolve…"))
        self.resolve_button.clicked.connect(lambda: self.resolve_first())
        only_if(self.resolve_button, self.supervisor)
        banner = QHBoxLayout(self.banner)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.resolve_button)
        self.banner.hide()

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.calendar = QTableWidget()
        self.calendar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calendar.setWordWrap(True)
        self.calendar.setTabKeyNavigation(False)  # the arrows move its cell; Tab leaves it
        # The arrow keys move the calendar's cell and select its visit as a click does (QA: they
        # moved the cell and left the visit unselected); the page's own moves are not announced.
        self.calendar.currentCellChanged.connect(self._calendar_moved)
        self.calendar.cellClicked.connect(self._calendar_clicked)
        self._just_moved: tuple[int, int] | None = None
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        TodayFit(self.calendar)  # today's header on a second line when its column is narrow
        self.calendar.verticalHeader().setMaximumWidth(AGENT_WIDTH)  # whole: the tooltip
        self.list = QTableWidget(0, len(LIST_HEADERS))
        set_headers(self.list, [_(h) for h in LIST_HEADERS])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTabKeyNavigation(False)
        self.list.horizontalHeader().setStretchLastSection(True)
        rows_follow_address(self.list)
        # An agent sees visits on their cases and visits they go on: the column says which.
        self.agent_view = not can(user, Permission.VIEW_ALL_CASES)
        self.list.setColumnHidden(PART_COLUMN, not self.agent_view)
        self.list.itemSelectionChanged.connect(self._list_selected)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.calendar, _("Week calendar"))
        self.tabs.addTab(self.list, _("List"))
        self.selection_label = QLabel()
        set_role(self.selection_label, "muted_444")
        self.selection_label.setWordWrap(True)  # a borrower's name of 100 characters
        # An empty week points to the next week with a visit ("Show its week" is a link).
        self.next_visit: VisitRow | None = None
        self.selection_label.linkActivated.connect(lambda _link: self.show_next_visit())
        self.selection_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        # Whom a team calls when a visit goes wrong, when the office has left it blank.
        layout.addWidget(OfficeDetailsNotice(database, hub, user, "visits", self))
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.selection_label)
        # The selected visit's pause (do not go), outcome and next step.
        self.detail = QLabel()
        self.detail.setObjectName("visitDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.hide()
        layout.addWidget(self.detail)
        layout.addWidget(self.tabs, 1)
        hub.changed.connect(self._on_changed)
        on_scheme_change(self, "reload")  # the calendar's fills
        self.show_week(self.week_start)
        self.day_timer = watch_office_day(self)  # a page left open past midnight moves on

    # --- loading --------------------------------------------------------------------------
    @property
    def table(self) -> QAbstractItemView:
        """The visits as shown, the week calendar or the list: the keys go there when the page
        comes up (ui/focus.py), not to its first button, "◀ Previous week", where the dashboard's
        visit tiles left them (found by QA: Space then showed last week, not today's visits)."""
        view = self.tabs.currentWidget()
        return view if isinstance(view, QAbstractItemView) else self.calendar

    def show_week(self, week_start: dt.date) -> None:
        self.week_start = monday(week_start)
        self.reload()

    def reload(self) -> None:
        end = self.week_start + dt.timedelta(days=6)
        self.today = self.office_day()  # its column is marked
        try:
            with self.database.sessions() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                self.calendar_data = week_calendar(session, actor, self.week_start)
                self.rows = list_visits(session, actor, date_from=self.week_start, date_to=end)
                self.week_has_visits = bool(self.rows)
                later = end + dt.timedelta(days=1)
                self.next_visit = (
                    None
                    if self.rows
                    else next(iter(list_visits(session, actor, date_from=later, limit=1)), None)
                )
                # Requested or verified, not yet booked: no day of their own, so listed after
                # the week's, where they can be cancelled.
                self.rows += unbooked_visits(session, actor)
                # A supervisor sees every late check-out (and may resolve it); an agent their own.
                self.alerts = late_visits(session, viewer=actor)
                self.missed = missed_check_ins(session, viewer=actor)  # the same readers'
                self.gone = gone_team_visits(session, viewer=actor)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return
        self.week_label.setText(
            _("Week of {start} – {end}", start=f"{self.week_start:%Y-%m-%d}", end=f"{end:%m-%d}")
        )
        self._fill_calendar()
        self._fill_list()
        self._fill_banner()
        if self.selected is not None:
            self.selected = next(
                (r for r in self.rows if r.visit_no == self.selected.visit_no), None
            )
        self._set_enabled()

    def check_day(self) -> None:
        """Each minute: the new day once the office's turns, the late check-outs as of now."""
        day_turned(self)
        clock_moved(self)

    def _fill_calendar(self) -> None:
        assert self.calendar_data is not None
        self.calendar.blockSignals(True)  # a refill moves no selection
        try:
            fill_calendar(self.calendar, self.calendar_data, self.zone, self.today)
        finally:
            self.calendar.blockSignals(False)

    def _fill_list(self) -> None:
        fill_list(self.list, self.rows, self.zone, self.user.username if self.agent_view else None)

    def _fill_banner(self) -> None:
        """The late check-outs, the visits never checked in, then those with a deactivated account
        on the team; Resolve… for the first."""
        parts = [alerts_text(self.alerts, self.zone)] if self.alerts else []
        if self.missed:
            parts.append(missed_banner_text(self.missed, self.zone))
        if self.gone:
            parts.append(gone_banner_text(self.gone, self.zone))
        if not parts:
            self.banner.hide()
            return
        self.banner_text.setText("<br><br>".join(parts))
        only_if(self.resolve_button, self.supervisor and bool(self.alerts))
        self.banner.show()

    # --- selection ------------------------------------------------------------------------
    def _calendar_moved(self, r: int, c: int, _from_row: int, _from_column: int) -> None:
        """The calendar's current cell moved (the arrow keys, or a mouse press): its first visit
        is selected, as a click selects it."""
        if r < 0 or c < 0:
            return
        self._calendar_clicked(r, c)
        self._just_moved = (r, c)  # the click that follows a press picks the same cell again

    def _calendar_clicked(self, r: int, c: int) -> None:
        if self._just_moved == (r, c):
            self._just_moved = None
            return
        if not self.pick_cell(r, c):
            return
        item = self.calendar.item(r, c)
        numbers = item.data(Qt.ItemDataRole.UserRole) if item else []
        self.select(numbers[0] if numbers else None)

    def pick_cell(self, r: int, c: int) -> bool:
        """The calendar's cell (r, c) picks the agent and day whose visit sheet prints; False
        when there is no such cell."""
        data = self.calendar_data
        if data is None or r >= self.calendar.rowCount():
            return False
        # The row of visits on the agent's cases that others go on prints no sheet of its own.
        self.sheet_agent = data.agents[r][0] if r < len(data.agents) else self.user.username
        self.sheet_day = data.days[c]
        return True

    def _list_selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self.select(self.rows[rows[0].row()].visit_no)

    def select(self, visit_no: str | None) -> None:
        self._just_moved = None
        self.selected = next((r for r in self.rows if r.visit_no == visit_no), None)
        self._set_enabled()

    def _set_enabled(self) -> None:
        """The selected visit highlighted in both the calendar and the list, the actions on for
        it, the line naming it and its detail."""
        follow_selection(self)
        show_selection(self)

    def show_next_visit(self) -> None:
        """Go to the week of the next visit after an empty week, with it selected."""
        nxt = self.next_visit
        if nxt is None or nxt.start is None:
            return
        self.show_week(nxt.start.astimezone(self.zone).date())
        self.select(nxt.visit_no)

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.reload()
