"""The Work queue page: an agent's own open cases (a supervisor's: the office's), most urgent
first, filtered and sorted in SQL, with assignment by hand or by rule and an off-thread rebuild."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.cases.delinquency import BUCKET_NAMES
from app.country_data import office_country
from app.i18n import Words
from app.i18n import tr as _
from app.id_labels import id_label
from app.labels import CASE_STATUS
from app.models import Role, User
from app.office import office_timezone
from app.queries.cases import (
    QueueFilter,
    QueueRow,
    agent_choices,
    product_choices,
    queue_count,
    queue_head,
    queue_ids,
    queue_rows,
)
from app.queue_empty import own_queue_empty
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.dialogs.rebuild import RebuildWorker
from ui.first_steps import FirstSteps
from ui.flow import flow_bar
from ui.focus import ComeBack, only_if, open_on_enter
from ui.pages.queue_actions import QueueActions
from ui.pages.queue_model import QueueModel, filter_note, score_tooltip  # noqa: F401 (score_tooltip re-exported)
from ui.queue_columns import (  # noqa: F401 - re-exported
    COLUMNS,
    OFFICE_ZONE,
    SCORE_COLUMN,
    count_line,
    fit_queue,
    queue_columns,
    queue_table,
    waiting_row,
    when,
)
from ui.queue_day_notice import NOTICE_CHANGES, QueueDayNotice
from ui.signals import ChangeHub
from ui.table_model import SearchBox
from ui.training_notice import AgentTrainingNotice, OwnTrainingNotice
from ui.widgets import refill

WATCHES = {
    "case",
    "payment",
    "loan",
    "contact",
    "promise",
    "visit",
    "agreement",
    "complaint",
    "training",
    "user",  # an account added, renamed, deactivated (Users…): names and the Agent filter
}
AGENT_CHANGES = {"user", "training", "training_record", "course"}  # Agent filter, Assign…


def _combo(first: str, items: Sequence[tuple[Any, str]], name: str) -> QComboBox:
    """A filter offering "All …" (`first`) then `items`; `name` is what a screen reader says."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(_(first), None)
    for value, text in items:
        combo.addItem(text, value)
    return combo


def row_runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class QueuePage(QueueActions, QWidget):
    """Find the next case to work; supervisors also assign and rebalance."""

    open_case = Signal(int)

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.hub = hub
        self.user = user
        self.supervising = can(user, Permission.VIEW_ALL_CASES)
        self.filter = QueueFilter()
        self.worker: RebuildWorker | None = None
        with database.sessions() as session:
            self.agents = agent_choices(session)
            products = product_choices(session)
            OFFICE_ZONE[0] = zoneinfo.ZoneInfo(office_timezone(session))
            country = office_country(session)
        self.search = SearchBox(
            _(
                (
                    "Search: name or its pinyin, {full_id}, phone, case or loan number"
                    if country == "CN"  # a name in Latin letters has no pinyin to type
                    else "Search: name, {full_id}, phone, case or loan number"
                ),
                full_id=Words(id_label(country, "full")),
            )
        )
        self.search.search.connect(self.set_search)
        self.bucket = _combo("All buckets", [(b, b) for b in BUCKET_NAMES], _("Bucket"))
        self.agent = _combo("All agents", [(a.id, a.display_name) for a in self.agents], _("Agent"))
        self.status = _combo(
            "All statuses",
            [(v, _(m)) for v, m in CASE_STATUS.items() if v != "closed"],
            _("Status"),
        )
        self.product = _combo("All products", products, _("Product"))
        self.segment = _combo(
            "All segments", [(v, _(m)) for v, m in labels.SEGMENT.items()], _("Segment")
        )
        self.unassigned = QCheckBox(_("Unassigned"))
        self.promise_due = QCheckBox(_("Promise due today"))
        for combo in (self.bucket, self.agent, self.status, self.product, self.segment):
            combo.currentIndexChanged.connect(self._filters_changed)
        for box in (self.unassigned, self.promise_due):
            box.toggled.connect(self._filters_changed)
        self.assign_button = QPushButton(_("Assign…"))
        self.rule_button = QPushButton(_("Assign by rule…"))
        self.rebuild_button = QPushButton(_("Rebuild queue"))
        self.assign_button.clicked.connect(self.choose_agent)
        self.rule_button.clicked.connect(self.choose_rule)
        self.rebuild_button.clicked.connect(self.rebuild)
        assigning = can(user, Permission.ASSIGN_CASES)
        for widget in (self.assign_button, self.rule_button, self.unassigned):
            only_if(widget, assigning)  # not yet in a layout: never shown as a window
        only_if(self.agent, self.supervising)
        only_if(self.rebuild_button, can(user, Permission.REBUILD_QUEUE))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.shown_note = ""  # a dashboard filter's note, while it shows
        self.count = QLabel()
        self.model = QueueModel(
            queue_columns(country),
            self._query_ids,
            self._fetch_rows,
            self,
            query_head=self._query_head,
            query_count=self._query_count,
        )
        self.model.row_muted = waiting_row  # the waiting cases, below the due ones, in grey
        count_line(self.model, self.count, self._empty_words)
        self.table = self._make_table()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for button in (self.assign_button, self.rule_button, self.rebuild_button):
            top.addWidget(button)
        self.export_button = ExportButton(
            database, user, "queue", lambda: (self.filter, *model_order(self.model)), self
        )
        top.addWidget(self.export_button)
        # The filters wrap onto a second row rather than hold the window wider than a laptop.
        filters = flow_bar(
            self.bucket,
            self.agent,
            self.status,
            self.product,
            self.segment,
            self.unassigned,
            self.promise_due,
        )
        layout.addLayout(top)
        layout.addWidget(filters)
        said = QHBoxLayout()  # how an assignment went, and its Undo
        said.addWidget(self.message, 1)  # a rule run's words are long: the row's whole width
        said.addWidget(self.undo_button_made(), 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(said)
        self.day_notice = QueueDayNotice(database, user)  # a queue date not today: which day
        layout.addWidget(self.day_notice)
        self.day_notice.refresh()
        layout.addWidget(FirstSteps(database, hub))  # a new office: what fills this queue
        # An agent's own lapsed training, said after the first paint (it spells names).
        self.training_notice: OwnTrainingNotice | None = None
        if user.role is Role.AGENT:
            self.training_notice = OwnTrainingNotice(database, user.id)
            layout.addWidget(self.training_notice)
            QTimer.singleShot(0, self.training_notice.refresh)
        # The agent the Agent filter names: their lapsed training, to the supervisor.
        self.agent_notice = AgentTrainingNotice(database)
        layout.addWidget(self.agent_notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        hub.changed.connect(self._on_changed)
        self._after_refresh()

    def _make_table(self) -> QTableView:
        table = queue_table(self.model, self.fontMetrics().height() + 8)
        # The indicator first, so enabling sorting queries once, in QUEUE_ORDER.
        table.horizontalHeader().setSortIndicator(SCORE_COLUMN, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        table.doubleClicked.connect(self._activated)
        open_on_enter(table, self._activated)
        self.come_back = ComeBack(table, self.model)  # the next case, back from one
        return table

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.come_back.back()

    def _empty_words(self) -> str:
        """An agent's own queue, unfiltered, with nothing in it: a supervisor assigns cases."""
        own = self.user.role is Role.AGENT and self.filter == QueueFilter()
        return own_queue_empty() if own else ""

    # --- queries: one session per call ---------------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return queue_ids(session, self.user, self.filter, sort=sort, descending=descending)

    def _query_head(self, sort: str, descending: bool, n: int) -> list[int]:
        """The first screen: the top `n` ids, not every id of the office."""
        with self.database.sessions() as session:
            return queue_head(session, self.user, self.filter, None, sort, descending, n)

    def _query_count(self) -> int:
        """How many cases the filter lists (asked after the first screen is painted)."""
        with self.database.sessions() as session:
            return queue_count(session, self.user, self.filter)

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, QueueRow]:
        with self.database.sessions() as session:
            return queue_rows(session, ids)

    # --- filters and refresh --------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self.filter.search = text
        self.refresh()

    def _filters_changed(self, *_args: object) -> None:
        self.filter.bucket = self.bucket.currentData()
        self.filter.agent_id = self.agent.currentData() if self.supervising else None
        self.filter.status = self.status.currentData()
        self.filter.product_code = self.product.currentData()
        self.filter.segment = self.segment.currentData()
        self.filter.unassigned = self.unassigned.isChecked()
        self.filter.promise_due_today = self.promise_due.isChecked()
        self.filter.promise_broken_from = None  # the dashboard's filters end with any change
        self.filter.overdue = False
        self.filter.contacted_today = False
        if self.message.text() == self.shown_note:  # the filter it named has ended
            self.message.hide()
        self.shown_note = ""
        self.refresh()

    def show_filter(self, flt: QueueFilter) -> None:
        """Show exactly `flt` (the dashboard's click-through); the filter widgets follow it."""
        combos = (
            (self.bucket, flt.bucket),
            (self.agent, flt.agent_id),
            (self.status, flt.status),
            (self.product, flt.product_code),
            (self.segment, flt.segment),
        )
        boxes = ((self.unassigned, flt.unassigned), (self.promise_due, flt.promise_due_today))
        for widget in (*(c for c, _v in combos), *(b for b, _v in boxes)):
            widget.blockSignals(True)
        for combo, value in combos:
            combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        for box, checked in boxes:
            box.setChecked(checked)
        for widget in (*(c for c, _v in combos), *(b for b, _v in boxes)):
            widget.blockSignals(False)
        self.search.set_text_silently(flt.search)
        self.filter = flt
        self.refresh()
        note = self.shown_note = filter_note(flt)
        if note:
            self.show_message(note)
        else:
            self.message.hide()
            self.undo_button.hide()  # never without the words it goes with (Edit keeps it)

    def refresh(self) -> None:
        """Re-query the ids in SQL, keeping the selected cases selected where still listed."""
        selected = set(self.selected_ids())
        self.model.refresh()
        if selected:
            # One selection of row ranges: row by row, each looked up in the list, 21,426 rows
            # kept selected after Assign… froze the window for 38 s (found by QA).
            rows = sorted(r for r, i in enumerate(self.model.ids()) if i in selected)
            ranges = QItemSelection()
            last = self.model.columnCount() - 1
            for first, end in row_runs(rows):
                ranges.select(self.model.index(first, 0), self.model.index(end, last))
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().select(ranges, flags.Select | flags.Rows)
        self._after_refresh()

    def _after_refresh(self) -> None:
        fit_queue(self.table)
        self.agent_notice.show_agent(self.filter.agent_id)

    def _on_changed(self, entities: set[str]) -> None:
        if entities & AGENT_CHANGES:
            self._reload_agents()
        if entities & WATCHES:
            self.refresh()
        if entities & NOTICE_CHANGES:
            self.day_notice.refresh()
        if entities & {"training", "day"} and self.training_notice is not None:
            self.training_notice.refresh()
        if entities & (AGENT_CHANGES | {"day"}):  # a course passed or lapsed, a new day
            self.agent_notice.refresh()

    def _reload_agents(self) -> None:
        """The agents as they are now, for the Agent filter and Assign…"""
        with self.database.sessions() as session:
            self.agents = agent_choices(session)
        names = [(a.display_name, a.id) for a in self.agents]
        refill(self.agent, [(_("All agents"), None), *names])
        if self.supervising and self.agent.currentData() != self.filter.agent_id:
            self.filter.agent_id = self.agent.currentData()  # the chosen agent left the list

    # --- selection ------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def current_id(self) -> int | None:
        """The case of the table's current row, the one Enter opens: after login the first row
        is current but not selected."""
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_case_nos(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r.case_no for r in (self.model.row_data(n) for n in rows) if r is not None]

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select these table rows (replacing the selection)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.id_at(index.row())
        if case_id is not None:
            self.open_case.emit(case_id)
