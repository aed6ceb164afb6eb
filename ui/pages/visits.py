"""The Visits page: a week calendar per agent (agents as rows, days as columns) and a list, the
late check-out alert banner (a supervisor's lists every one, with Resolve…; an agent's their
own), check-in / check-out / no-show / reschedule / cancel on the selected visit with its detail
(a complaint's pause, the outcome and next step), and each agent's daily visit sheet as a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
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
from app.visits import LateVisit, approve_visit, cancel_visit, check_in, late_visits, resolve_late
from app.visits.detail import VisitDetail
from db.store import Database
from ui.dialogs.incident import IncidentDialog
from ui.dialogs.visit_noshow import NoShowDialog
from ui.dialogs.visit_outcome import VisitOutcomeDialog
from ui.flow import flow_bar
from ui.focus import only_if
from ui.pages.visits_day import day_turned, watch_office_day
from ui.pages.visits_selection import show_selection, unbooked_visits
from ui.pages.visits_view import LIST_HEADERS, alerts_text, fill_calendar, fill_list, monday
from ui.preview_folder import PreviewFolder
from ui.signals import ChangeHub
from ui.widgets import ERROR_STYLE

WATCHES = {"visit", "case"}
OK_STYLE = "color: #2e7d32;"


class VisitsPage(QWidget):
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
        self.checkin_button = QPushButton(_("Check in"))
        self.checkin_button.clicked.connect(lambda: self.check_in_selected())
        self.checkout_button = QPushButton(_("Check out…"))
        self.checkout_button.clicked.connect(self.check_out_selected)
        self.noshow_button = QPushButton(_("No-show…"))
        self.noshow_button.clicked.connect(lambda: self.no_show_selected())
        self.reschedule_button = QPushButton(_("Reschedule…"))
        self.reschedule_button.setToolTip(
            _("Move the selected booked visit to another time, length or team")
        )
        self.reschedule_button.clicked.connect(lambda: self.reschedule_selected())
        self.cancel_button = QPushButton(_("Cancel visit…"))
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.incident_button = QPushButton(_("Report incident…"))
        self.incident_button.setToolTip(_("Report what went wrong at the selected visit"))
        self.incident_button.clicked.connect(lambda: self.report_incident_selected())
        self.approve_button = QPushButton(_("Approve"))
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        only_if(self.approve_button, can(user, Permission.APPROVE_VISITS))
        self.agreement_button = QPushButton(_("Draft agreement…"))
        self.agreement_button.setToolTip(
            _("Draft a repayment agreement from the selected visit's outcome")
        )
        self.agreement_button.clicked.connect(lambda: self.draft_agreement_selected())
        only_if(self.agreement_button, can(user, Permission.DRAFT_AGREEMENTS))
        self.print_button = QPushButton(_("Print visit sheet…"))
        self.print_button.clicked.connect(lambda: self.print_sheet())
        bar = QHBoxLayout()
        for widget in (previous, this, following, self.week_label):
            bar.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        # The actions wrap onto a second row rather than hold the window wider than a laptop.
        actions = flow_bar(
            self.checkin_button,
            self.checkout_button,
            self.noshow_button,
            self.reschedule_button,
            self.cancel_button,
            self.incident_button,
            self.approve_button,
            self.agreement_button,
            self.print_button,
            right=True,
        )
        bar.addWidget(actions, 1)

        self.banner = QFrame()
        self.banner.setObjectName("alerts")
        self.banner.setStyleSheet(
            "QFrame#alerts { background: #fdecea; border: 1px solid #c62828; border-radius: 3px; }"
        )
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
        self.calendar.cellClicked.connect(self._calendar_clicked)
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list = QTableWidget(0, len(LIST_HEADERS))
        self.list.setHorizontalHeaderLabels([_(h) for h in LIST_HEADERS])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.itemSelectionChanged.connect(self._list_selected)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.calendar, _("Week calendar"))
        self.tabs.addTab(self.list, _("List"))
        self.selection_label = QLabel()
        self.selection_label.setStyleSheet("color: #444444;")
        # An empty week points to the next week with a visit ("Show its week" is a link).
        self.next_visit: VisitRow | None = None
        self.selection_label.linkActivated.connect(lambda _link: self.show_next_visit())
        self.selection_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
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
        self.show_week(self.week_start)
        self.day_timer = watch_office_day(self)  # a page left open past midnight moves on

    # --- loading --------------------------------------------------------------------------
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
        day_turned(self)

    def _fill_calendar(self) -> None:
        assert self.calendar_data is not None
        fill_calendar(self.calendar, self.calendar_data, self.zone, self.today)

    def _fill_list(self) -> None:
        fill_list(self.list, self.rows, self.zone)

    def _fill_banner(self) -> None:
        if not self.alerts:
            self.banner.hide()
            return
        self.banner_text.setText(alerts_text(self.alerts, self.zone))
        self.banner.show()

    # --- selection ------------------------------------------------------------------------
    def _calendar_clicked(self, r: int, c: int) -> None:
        data = self.calendar_data
        if data is None or r >= len(data.agents):
            return
        self.sheet_agent = data.agents[r][0]
        self.sheet_day = data.days[c]
        item = self.calendar.item(r, c)
        numbers = item.data(Qt.ItemDataRole.UserRole) if item else []
        self.select(numbers[0] if numbers else None)

    def _list_selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        if rows:
            self.select(self.rows[rows[0].row()].visit_no)

    def select(self, visit_no: str | None) -> None:
        self.selected = next((r for r in self.rows if r.visit_no == visit_no), None)
        self._set_enabled()

    def _set_enabled(self) -> None:
        """The actions on for the selected visit, the line naming it and its detail."""
        show_selection(self)

    def show_next_visit(self) -> None:
        """Go to the week of the next visit after an empty week, with it selected."""
        nxt = self.next_visit
        if nxt is None or nxt.start is None:
            return
        self.show_week(nxt.start.astimezone(self.zone).date())
        self.select(nxt.visit_no)

    # --- actions --------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setVisible(bool(text))

    def _act(self, fn, *args, done: str, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        """Run a use case in one transaction; show the refusal or announce the change."""
        try:
            with self.database.session() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                fn(session, actor, *args, **kwargs)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return False
        self.show_message(done)
        self.hub.announce("visit", "case")
        return True

    def check_in_selected(self) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        return self._act(check_in, number, done=_("Checked in to visit {number}.", number=number))

    def check_out_selected(self) -> bool:
        """Check out with the outcome; the page then says so (it said "Checked in" on)."""
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if not VisitOutcomeDialog.record(self, self.database, self.user, number, self.hub):
            return False
        self.show_message(_("Checked out of visit {number}.", number=number))
        return True

    def no_show_selected(self) -> bool:
        """Record the selected visit as a no-show (the team went and met nobody) with its notes
        and cost; the hub refreshes the page."""
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if NoShowDialog.record(self, self.database, self.user, number, self.hub) is None:
            return False
        self.show_message(_("Visit {number} recorded as a no-show.", number=number))
        return True

    def report_incident_selected(self) -> str | None:
        """Report an incident on the selected visit; its number once saved, else None."""
        if self.selected is None:
            return None
        number = IncidentDialog.report(
            self, self.database, self.user, self.selected.visit_no, self.hub
        )
        if number is not None:
            self.show_message(_("Incident reported on visit {number}.", number=number))
        return number

    def draft_agreement_selected(self) -> str | None:
        """Draft a repayment agreement on the selected visit's case, starting from what the
        borrower said at the visit; a refusal is shown on the page."""
        from ui.dialogs.agreement_from_page import draft_from_page

        if self.selected is None:
            return None
        visit_no = self.selected.visit_no
        return draft_from_page(self, self.database, self.user, self.hub, visit_no=visit_no)

    def reschedule_selected(self) -> VisitDetail | None:
        """Move the selected booked visit to another time, length or team; the page then shows
        its new week with it selected (ui/dialogs/visit_reschedule.py)."""
        from ui.dialogs.visit_reschedule import reschedule_from_page

        return reschedule_from_page(self, self.selected.visit_no) if self.selected else None

    def cancel_selected(self, reason: str | None = None) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if reason is None:
            text, ok = QInputDialog.getText(
                self, _("Cancel visit"), _("Why is visit {number} cancelled?", number=number)
            )
            if not ok:
                return False
            reason = text
        return self._act(
            cancel_visit, number, reason, done=_("Visit {number} cancelled.", number=number)
        )

    def approve_selected(self) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        return self._act(approve_visit, number, done=_("Visit {number} approved.", number=number))

    def resolve_first(self, note: str | None = None) -> bool:
        """Resolve the selected visit's alert (none selected, or not late: the most overdue),
        asking the supervisor what they found."""
        if not self.alerts:
            return False
        late = [a.visit_no for a in self.alerts]
        chosen = self.selected.visit_no if self.selected else None
        number = chosen if chosen in late else late[0]
        if note is None:
            text, ok = QInputDialog.getText(
                self,
                _("Resolve alert"),
                _("What did you find out about visit {number}?", number=number),
            )
            if not ok:
                return False
            note = text
        return self._act(
            resolve_late, number, note, done=_("Alert on visit {number} resolved.", number=number)
        )

    def print_sheet(self, path: Path | None = None, *, preview: bool = True) -> Path | None:
        """The selected agent's (default: yours) visit sheet for the selected day (default:
        today) as a PDF, shown in the preview with Print and Save as… (ui/pages/visits_sheet)."""
        from ui.pages.visits_sheet import print_visit_sheet

        return print_visit_sheet(self, path, preview)

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.reload()
