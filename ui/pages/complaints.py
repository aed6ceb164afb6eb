"""The Complaints page: complaints by answer deadline with the days left (red when overdue, amber
within three days) and, below, the selected one's detail (description, investigation notes,
outcome); record, note, assign the investigator, resolve and lift a pause, each through the core
use case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.complaint_detail import ComplaintDetail, complaint_detail, late_words
from app.complaint_list import ComplaintRow, complaints_list
from app.errors import CasedeskError
from app.export_kinds import ComplaintFilter
from app.i18n import plural
from app.i18n import tr as _
from app.labels import (
    COMPLAINT_CATEGORY,
    COMPLAINT_CHANNEL,
    COMPLAINT_SOURCE,
    COMPLAINT_STATUS,
    capital,
    label,
)
from app.models import User
from app.queries.dashboard import COMPLAINT_SOON_DAYS
from db.store import Database
from ui import labels
from ui.colours import colour, on_scheme_change, set_role
from ui.dialogs.complaint import LIFT, NOTE, RESOLVE, ComplaintActionDialog, ComplaintDialog
from ui.dialogs.complaint_assign import AssignInvestigatorDialog
from ui.dialogs.export import ExportButton
from ui.flow import flow_bar, labelled
from ui.focus import only_if
from ui.pages.complaint_detail import ComplaintDetailPane
from ui.signals import ChangeHub
from ui.table_fill import FOREGROUND, set_cell
from ui.widgets import ERROR_ROLE, detail_table, fill_table

WATCHES = {"complaint", "case", "day"}  # day: the days left count from today
HEADERS = (
    "Complaint no.",
    "Received",
    "Answer by",
    "Days left",
    "Case no.",
    "Agent",
    "Investigator",
    "Category",
    "Status",
    "Source",
    "Channel",
    "Contact paused",
)
DAYS_COLUMN = 3
OPEN_ONES, ALL, NEAR = "open", "all", "near"  # the Show menu
SOON_DAYS = COMPLAINT_SOON_DAYS  # amber, and the dashboard's "near their deadline"
OK_ROLE = "ok"


def days_text(days: int | None, late: int | None = None) -> str:
    """Days left while open; once closed, how late a late answer came (found by QA: blank)."""
    if days is None:
        return late_words(late) if late is not None else ""
    if days < 0:
        return _("{days} overdue", days=-days)
    return str(days)


def row_texts(row: ComplaintRow) -> list[str]:
    return [
        row.complaint_no,
        labels.day(row.received_on),
        labels.day(row.deadline_on),
        days_text(row.days_left, row.days_late),
        row.case_no or "",
        row.agent_name or "",
        row.investigator or "",
        capital(label(COMPLAINT_CATEGORY, row.category)),
        capital(label(COMPLAINT_STATUS, row.status)),
        label(COMPLAINT_SOURCE, row.source),
        label(COMPLAINT_CHANNEL, row.channel),
        labels.yes_no(row.pausing),
    ]


class ComplaintsPage(QWidget):
    """Open complaints first by deadline, the selected one's detail below; supervisors assign
    the investigator, resolve complaints and lift pauses."""

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hub = hub
        self.user = user
        self.rows: list[ComplaintRow] = []
        self.detail = ComplaintDetailPane()
        self.show_filter = QComboBox()
        self.show_filter.addItem(_("Open complaints"), OPEN_ONES)
        self.show_filter.addItem(_("All complaints"), ALL)
        # The dashboard's tile opens these: open, answer due within SOON_DAYS or overdue.
        self.show_filter.addItem(_("Near their deadline"), NEAR)
        self.show_filter.currentIndexChanged.connect(self.refresh)
        self.record_button = QPushButton(_("Record complaint…"))
        self.note_button = QPushButton(_("Add note…"))
        self.assign_button = QPushButton(_("Assign investigator…"))
        self.assign_button.setToolTip(
            _("Name who investigates the complaint; it then reads Investigating.")
        )
        self.resolve_button = QPushButton(_("Resolve…"))
        self.lift_button = QPushButton(_("Lift pause…"))
        self.record_button.clicked.connect(self.record)
        self.assign_button.clicked.connect(self.assign)
        self.note_button.clicked.connect(lambda: self.act(NOTE))
        self.resolve_button.clicked.connect(lambda: self.act(RESOLVE))
        self.lift_button.clicked.connect(lambda: self.act(LIFT))
        recording = can(user, Permission.RECORD_COMPLAINTS)
        handling = can(user, Permission.HANDLE_COMPLAINTS)
        for button, allowed in (
            (self.record_button, recording),
            (self.note_button, recording),
            (self.assign_button, handling),
            (self.resolve_button, handling),
            (self.lift_button, handling),
        ):
            only_if(button, allowed)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.table = detail_table(HEADERS)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(labelled(_("Show:"), self.show_filter), 0, Qt.AlignmentFlag.AlignTop)
        self.export_button = ExportButton(database, user, "complaints", self._export_source, self)
        # The actions wrap onto a second row rather than hold the window wider than a laptop.
        acts = (self.record_button, self.note_button, self.assign_button, self.resolve_button)
        top.addWidget(flow_bar(*acts, self.lift_button, self.export_button, right=True), 1)
        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(listing)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        # The detail a little taller than the list (a handful of open complaints at a time),
        # from the first showing on (showEvent) and as the window grows or shrinks.
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._split = False
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        hub.changed.connect(self._on_changed)
        on_scheme_change(self, "refresh")  # the deadlines' colours
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._split:
            self._split = True
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([total * 2 // 5, total - total * 2 // 5])

    # --- list -----------------------------------------------------------------------------
    def shown_filter(self) -> ComplaintFilter:
        """What the Show menu lists (the export writes the same)."""
        shown = self.show_filter.currentData()
        return ComplaintFilter(open_only=shown != ALL, near_deadline=shown == NEAR)

    def show_near_deadline(self) -> None:
        """List the complaints the dashboard's "near their deadline" tile counts."""
        self.show_filter.setCurrentIndex(self.show_filter.findData(NEAR))

    def _export_source(self) -> tuple[ComplaintFilter, None, None]:
        return self.shown_filter(), None, None

    def refresh(self, *_args: object) -> None:
        chosen = self.selected_no()
        try:
            with self.database.sessions() as session:
                flt = self.shown_filter()
                self.rows = complaints_list(
                    session, self.user, open_only=flt.open_only, near_deadline=flt.near_deadline
                )
        except CasedeskError as error:
            self.rows = []
            self.show_message(error.translated(), error=True)
        self.table.blockSignals(True)  # one detail read below, even when the row stays put
        fill_table(self.table, [row_texts(r) for r in self.rows])
        for n, row in enumerate(self.rows):
            if row.days_left is not None and row.days_left <= SOON_DAYS:
                shade = colour("error") if row.days_left < 0 else colour("soon")
                set_cell(self.table, n, DAYS_COLUMN, {FOREGROUND: QBrush(shade)})
            elif row.days_late is not None:  # answered late: red, as an overdue one
                set_cell(self.table, n, DAYS_COLUMN, {FOREGROUND: QBrush(colour("error"))})
        listed = plural(len(self.rows), "{count} complaint", "{count} complaints")
        # The dashboard's tile counts these (app.queries.dashboard): a longer list says how
        # many of its complaints the tile counts.
        near = sum(1 for r in self.rows if r.days_left is not None and r.days_left <= SOON_DAYS)
        if near and self.show_filter.currentData() != NEAR:
            listed = _(
                "{listed} — answer due within {days} days or overdue: {near}",
                listed=listed,
                days=SOON_DAYS,
                near=near,
            )
        self.count.setText(listed)
        self._select_row(chosen)
        self.table.blockSignals(False)
        self._selection_changed()  # the complaint may have changed though its row did not

    def selected_no(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.rows):
            return None
        return self.rows[rows[0].row()].complaint_no

    def select(self, complaint_no: str) -> bool:
        """Select a listed complaint and show its detail; False when it is not listed."""
        found = self._select_row(complaint_no)
        shown = self.detail.detail
        if shown is None or shown.complaint_no != self.selected_no():
            self._selection_changed()
        return found

    def _select_row(self, complaint_no: str | None) -> bool:
        for n, row in enumerate(self.rows):
            if row.complaint_no == complaint_no:
                self.table.selectRow(n)
                return True
        self.table.clearSelection()
        return False

    def _selection_changed(self) -> None:
        number = self.selected_no()
        if number is None:
            self.show_detail(None)
            return
        try:
            with self.database.sessions() as session:
                self.show_detail(complaint_detail(session, self.user, number))
        except CasedeskError as error:
            self.show_detail(None)
            self.show_message(error.translated(), error=True)

    def show_detail(self, detail: ComplaintDetail | None) -> None:
        self.detail.show_detail(detail)
        self._update_buttons()

    def _update_buttons(self) -> None:
        no = self.selected_no()
        row = next((r for r in self.rows if r.complaint_no == no), None)
        is_open = row is not None and row.days_left is not None
        # The core says who may note it (not the agent it is against, an agent only on their
        # own case); the button says why not.
        shown = self.detail.detail
        current = shown if shown is not None and shown.complaint_no == no else None
        refusal = current.cannot_note if current is not None else None
        self.note_button.setEnabled(is_open and current is not None and refusal is None)
        self.note_button.setToolTip(refusal or "")
        barred = current.cannot_handle if current is not None else None  # its own subject
        for button, on in (
            (self.assign_button, is_open),
            (self.resolve_button, is_open),
            (self.lift_button, bool(row and row.pausing)),
        ):
            button.setEnabled(on and barred is None)
            button.setToolTip(barred or "")

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.show()

    # --- actions ------------------------------------------------------------------------
    def record(self) -> None:
        number = ComplaintDialog.record(self, self.database, self.user)
        if number:
            self.recorded(number)

    def recorded(self, number: str) -> None:
        """After a complaint was saved: announce it, list it, select it."""
        self.show_message(_("Complaint {number} recorded.", number=number))
        self.hub.announce("complaint", "case")
        self.select(number)

    def assign(self) -> None:
        number = self.selected_no()
        if number is None:
            self.show_message(_("Choose a complaint first."), error=True)
            return
        name = AssignInvestigatorDialog.run(self, self.database, self.user, number)
        if name:
            self.assigned(number, name)

    def assigned(self, number: str, name: str) -> None:
        """After the investigator was named: say so and show the complaint Investigating."""
        self.show_message(_("{name} investigates complaint {number}.", name=name, number=number))
        self.hub.announce("complaint", "case")

    def act(self, action: str) -> None:
        number = self.selected_no()
        if number is None:
            self.show_message(_("Choose a complaint first."), error=True)
            return
        shown = self.detail.detail
        seen = shown.version if shown is not None and shown.complaint_no == number else None
        if ComplaintActionDialog.run(
            self,
            self.database,
            self.user,
            number,
            action,
            expected_version=seen,
            refreshed=lambda: self.shown_afresh(number),
        ):
            self.acted(number, action)

    def shown_afresh(self, number: str) -> int | None:
        """After a stale save: the list and the complaint as they stand now; its version now
        (read afresh when the filter lists it no more: resolved, off the open list)."""
        self.refresh()
        shown = self.detail.detail
        if shown is not None and shown.complaint_no == number:
            return shown.version
        try:
            with self.database.sessions() as session:
                return complaint_detail(session, self.user, number).version
        except CasedeskError:
            return None

    def acted(self, number: str, action: str) -> None:
        done = {
            NOTE: _("Note added to {number}.", number=number),
            RESOLVE: _("Complaint {number} resolved.", number=number),
            LIFT: _("Contact may resume on the case of {number}.", number=number),
        }
        self.show_message(done[action])
        self.hub.announce("complaint", "case")
