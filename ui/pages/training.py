"""The Agents & training page: every agent's status per course, expiring certifications, the
selected agent's history and allowed work; add, correct and import records; print the roster."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.export_kinds import TrainingFilter
from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import User
from app.training import AgentTraining, office_training
from app.training.history import RecordRow, expiring_soon, training_history
from db.store import Database
from ui import labels
from ui.colours import on_scheme_change, set_role
from ui.date_widgets import office_day
from ui.dialogs.courses import CoursesDialog
from ui.dialogs.export import ExportButton
from ui.dialogs.training_import import TrainingImportDialog
from ui.dialogs.training_record import TrainingRecordDialog
from ui.elided_tips import ElidedTips
from ui.flow import flow_bar
from ui.focus import only_if, open_on_enter
from ui.header_items import set_headers
from ui.pages.training_roster import RosterPrinter, ask_roster_path
from ui.pages.training_view import (
    COURSE_WIDTH,
    FILTERS,
    NAME_WIDTH,
    alert_text,
    cap_names,
    course_cell,
    course_name,
    course_tooltip,
    matches,
    paint,
    short_name,
    status_text,
    work_line,
)
from ui.signals import ChangeHub
from ui.table_fill import ALIGN, TIP, cell_value, set_cell
from ui.widgets import detail_table, fill_table, section_label, title_label

AGENT_HEADERS = ("Agent", "User name", "Overall")
HISTORY_HEADERS = ("Date", "Course", "Score", "Result", "Valid until", "Trainer", "Evidence")
WATCHES = {"training_record", "course", "user", "day"}  # day: expiry counts from today
ALERT_ROLE = "warning_banner"
QUIET_ROLE = "ok_banner"
OK_ROLE = "ok_pass_bold"
BLOCKED_ROLE = "error_strong"


class TrainingPage(QWidget):
    """Agents & training: statuses for everyone; editing and the roster by permission."""

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hub = hub
        self.user = user
        self.agents: list[AgentTraining] = []
        self.shown: list[AgentTraining] = []
        self.history_rows: list[RecordRow] = []
        self.printer: RosterPrinter | None = None
        self.remembered_id: int | None = None  # re-selected when a filter lists it again
        self.alert = QLabel()
        self.alert.setObjectName("training_alert")
        self.alert.setWordWrap(True)
        self.filter = QComboBox()
        for key, msgid in FILTERS:
            self.filter.addItem(_(msgid), key)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill_agents())
        self.add_button = QPushButton(_("Add record…"))
        self.edit_button = QPushButton(_("Edit record…"))
        self.import_button = QPushButton(_("Import…"))
        self.roster_button = QPushButton(_("Print roster…"))
        self.courses_button = QPushButton(_("Courses…"))
        self.courses_button.clicked.connect(lambda: self.edit_courses())
        self.add_button.clicked.connect(lambda: self.add_record())
        self.edit_button.clicked.connect(lambda: self.edit_record())
        self.import_button.clicked.connect(lambda: self.import_records())
        self.roster_button.clicked.connect(lambda: self.print_roster())
        editing = can(user, Permission.EDIT_TRAINING)
        for button in (self.add_button, self.edit_button, self.import_button, self.courses_button):
            only_if(button, editing)
        only_if(self.roster_button, can(user, Permission.PRINT_TRAINING_ROSTER))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show:")), 0, Qt.AlignmentFlag.AlignTop)
        bar.addWidget(self.filter, 0, Qt.AlignmentFlag.AlignTop)
        self.export_button = ExportButton(
            database,
            user,
            "training",
            lambda: (
                TrainingFilter(self.filter.currentData() or "all", office_day(database)),
                None,
                None,
            ),
            self,
        )
        # The actions wrap onto a second row rather than hold the window wider than a laptop.
        actions = flow_bar(
            self.courses_button,
            self.add_button,
            self.edit_button,
            self.import_button,
            self.roster_button,
            self.export_button,
            right=True,
        )
        bar.addWidget(actions, 1)
        self.table = detail_table(AGENT_HEADERS)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setItemDelegate(ElidedTips(self.table))  # a name's tooltip: when it is cut
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.count = QLabel()
        self.agent_title = title_label()
        self.work = QLabel()
        self.work.setObjectName("work_line")
        self.work.setWordWrap(True)
        self.history = detail_table(HISTORY_HEADERS, numeric=(2,))
        self.history.setItemDelegate(ElidedTips(self.history))
        self.history.itemSelectionChanged.connect(self._update_buttons)
        self.history.cellDoubleClicked.connect(lambda _row, _column: self.edit_record())
        open_on_enter(self.history, lambda _index: self.edit_record())  # Enter, as a double-click
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.agent_title)
        bottom_layout.addWidget(self.work)
        bottom_layout.addWidget(section_label("Training history"))
        bottom_layout.addWidget(self.history)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([280, 350])
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        hub.changed.connect(self._on_changed)
        on_scheme_change(self, "refresh")  # the grid's status colours
        self.refresh()

    # --- data ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read every agent's status and the alert, keeping the selected agent."""
        today = office_day(self.database)  # the day calls and visits are judged by
        current = self.selected_agent_id() or self.remembered_id
        with self.database.sessions() as session:
            self.agents = office_training(session, today)
            expiring = expiring_soon(session, today)
        lang = current_language()
        self.alert.setText(alert_text(expiring, today, lang))
        set_role(self.alert, ALERT_ROLE if expiring else QUIET_ROLE)
        self._fill_agents(current)

    def _fill_agents(self, wanted: int | None = None) -> None:
        keep = wanted if wanted is not None else self.selected_agent_id() or self.remembered_id
        lang = current_language()
        key = self.filter.currentData() or "all"
        self.shown = [a for a in self.agents if matches(a, key)]
        courses = self.agents[0].courses if self.agents else []
        self.table.blockSignals(True)
        self.table.setColumnCount(len(AGENT_HEADERS) + len(courses))
        set_headers(  # made here: a header item read back from Qt may outlive it (header_items)
            self.table,
            [_(h) for h in AGENT_HEADERS] + [short_name(course_name(c, lang)) for c in courses],
            [""] * len(AGENT_HEADERS) + [course_name(c, lang) for c in courses],
        )
        fill_table(
            self.table,
            [
                [a.display_name, a.username, status_text(a.status)]
                + [course_cell(c) for c in a.courses]
                for a in self.shown
            ],
        )
        centred = Qt.AlignmentFlag.AlignCenter.value
        for row, agent in enumerate(self.shown):
            set_cell(self.table, row, 0, {Qt.ItemDataRole.UserRole.value: agent.agent_id})
            set_cell(self.table, row, 2, {ALIGN: centred})
            paint(self.table, row, 2, agent.status, bold=True)
            for column, state in enumerate(agent.courses, start=len(AGENT_HEADERS)):
                paint(self.table, row, column, state.status)
                set_cell(self.table, row, column, {TIP: course_tooltip(state, lang)})
        header = self.table.horizontalHeader()
        for column in range(len(AGENT_HEADERS), self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        cap_names(self.table, {0: NAME_WIDTH, 1: NAME_WIDTH})  # the name, the user name
        self.table.blockSignals(False)
        self.count.setText(
            plural(
                len(self.agents),
                "{shown} of {total} agent",
                "{shown} of {total} agents",
                shown=len(self.shown),
                total=len(self.agents),
            )
        )
        found = next((r for r, a in enumerate(self.shown) if a.agent_id == keep), None)
        if found is not None:
            self.table.selectRow(found)
        else:
            self.table.clearSelection()
        self._selection_changed()

    def selected_agent_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        agent_id = cell_value(self.table, rows[0].row(), 0, Qt.ItemDataRole.UserRole)
        return agent_id if isinstance(agent_id, int) else None

    def selected_agent(self) -> AgentTraining | None:
        agent_id = self.selected_agent_id()
        return next((a for a in self.agents if a.agent_id == agent_id), None)

    def select_agent(self, username: str) -> bool:
        """Select the agent with this user name (if listed under the current filter)."""
        row = next((r for r, a in enumerate(self.shown) if a.username == username), None)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def selected_record_id(self) -> int | None:
        rows = self.history.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.history_rows):
            return None
        return self.history_rows[rows[0].row()].record_id

    def _selection_changed(self) -> None:
        agent = self.selected_agent()
        lang = current_language()
        if agent is None:
            self.agent_title.setText(_("Select an agent to see their training."))
            self.work.clear()
            self.history_rows = []
            fill_table(self.history, [])
            self._update_buttons()
            return
        self.remembered_id = agent.agent_id
        self.agent_title.setText(
            _("{name} ({username})", name=agent.display_name, username=agent.username)
        )
        text, all_ok = work_line(agent, lang)
        self.work.setText(text)
        set_role(self.work, OK_ROLE if all_ok else BLOCKED_ROLE)
        with self.database.sessions() as session:
            self.history_rows = training_history(session, agent.agent_id)
        fill_table(
            self.history,
            [
                [
                    labels.day(r.taken_on),
                    r.course_name(lang),
                    str(r.score),
                    _("Passed") if r.passed else _("Failed"),
                    labels.day(r.expires_on),
                    r.trainer,
                    r.evidence,
                ]
                for r in self.history_rows
            ],
        )
        cap_names(self.history, {1: COURSE_WIDTH})
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.selected_agent_id() is not None)
        self.edit_button.setEnabled(self.selected_record_id() is not None)

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    # --- actions ------------------------------------------------------------------------
    def add_record(self) -> None:
        agent_id = self.selected_agent_id()
        if agent_id is None:
            return
        if TrainingRecordDialog.add(self, self.database, self.user, agent_id) is not None:
            self.hub.announce("training_record")

    def edit_record(self) -> None:
        record_id = self.selected_record_id()
        if record_id is None or not can(self.user, Permission.EDIT_TRAINING):
            return
        if TrainingRecordDialog.edit(self, self.database, self.user, record_id) is not None:
            self.hub.announce("training_record")

    def edit_courses(self) -> None:
        if CoursesDialog.manage(self, self.database, self.user):
            self.hub.announce("course")

    def import_records(self, path: Path | None = None) -> None:
        result = TrainingImportDialog.run(self, self.database, self.user, path)
        if result is not None and result.imported:
            self.hub.announce("training_record")

    def print_roster(
        self, path: Path | None = None, ask_to_open: bool = True
    ) -> RosterPrinter | None:
        """Write the roster PDF off the GUI thread; the running print, or None if cancelled."""
        path = path or ask_roster_path(self, office_day(self.database))
        if path is None:
            return None
        if self.printer is not None and self.printer.ended:
            self.printer.deleteLater()  # the last print's, over: not kept as long as the page
        self.printer = RosterPrinter(self, self.database, self.user, path, ask_to_open)
        return self.printer
