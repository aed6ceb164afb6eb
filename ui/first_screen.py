"""The window as it first appears when Log in was pressed before the rest of Casedesk had loaded:
the side bar and the user's work queue, read through app/first_screen.py.

It looks like the main window on the Work queue (same title, side bar, columns, widths and
geometry) and it scrolls, but it only reads. What the user does meanwhile (a case double-clicked,
a page chosen in the side bar, rows selected, the scroll position) is handed to the main window,
which replaces it as soon as the core has loaded (ui/quick_start.py), about a second later.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.first_screen import FirstScreenOffice, FirstUser
from app.i18n import tr as _
from app.queue_empty import own_queue_empty
from app.queue_row import QueueRow
from ui import labels
from ui.elided_label import ElidedLabel
from ui.focus import open_on_enter
from ui.identity import APPLICATION, ORGANISATION
from ui.page_list import START_PAGE, pages_for
from ui.queue_columns import (
    OFFICE_ZONE,
    SCORE_COLUMN,
    count_line,
    fit_queue,
    queue_columns,
    queue_table,
    waiting_row,
)
from ui.screen_fit import fit_on_screen
from ui.table_model import LazyTableModel
from ui.table_state import restore


@dataclass(frozen=True)
class Carried:
    """What the user did on the first screen, for the main window to carry on from."""

    page: str  # the side bar's page chosen (the Work queue unless another was clicked)
    case_id: int | None  # a case double-clicked: the main window opens it
    selected: tuple[int, ...]  # case ids selected in the queue
    scrolled: int  # the queue's vertical scroll position


class FirstScreen(QMainWindow):
    """Side bar and work queue while the core loads; `closed` is set once the user closed it."""

    def __init__(
        self, office: FirstScreenOffice, user: FirstUser, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FirstScreen")
        self.office = office
        self.user = user
        self.closed = False
        self.pending_case: int | None = None
        self.setWindowTitle(_("Casedesk — {name}", name=name))
        OFFICE_ZONE[0] = zoneinfo.ZoneInfo(office.office_timezone())
        pages = pages_for(user.role.value)
        self.page_names = [spec.name for spec in pages]
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        for spec in pages:
            QListWidgetItem(_(spec.title), self.sidebar)
        self.sidebar.setCurrentRow(self.page_names.index(START_PAGE))
        self.sidebar.currentRowChanged.connect(self._page_chosen)
        self.sidebar.setStyleSheet("QListWidget#sidebar::item { padding: 8px 12px; }")
        self.sidebar.setFixedWidth(max(self.sidebar.sizeHintForColumn(0) + 32, 120))
        self.message = QLabel(_("Loading the rest of Casedesk…"))
        self.message.setObjectName("message")
        self.model = LazyTableModel(
            queue_columns(office.office_country()),
            lambda _sort, _descending: office.queue_ids(user),
            self._rows,
            self,
            query_head=lambda _sort, _descending, n: office.queue_head(user, n),
            query_count=lambda: office.queue_count(user),
        )
        self.model.row_muted = waiting_row  # as the Work queue shows them
        self.table = self._make_table()
        self.count = QLabel()
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.message)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(page, 1)
        self.setCentralWidget(central)
        self.table.setFocus()  # the keys start on the queue, as on the main window
        role = labels.label(labels.ROLE, user.role.value)
        who = _("{user} ({role})", user=user.display_name, role=role)
        self.statusBar().addWidget(ElidedLabel(who, 280))  # a long name keeps the window narrow
        self.statusBar().addPermanentWidget(QLabel(str(office.path)))
        fit_on_screen(self, 1366, 768)
        geometry = QSettings(ORGANISATION, APPLICATION).value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        count_line(self.model, self.count, own_queue_empty if user.role.value == "agent" else None)
        self.model.refresh()
        fit_queue(self.table)

    def _rows(self, ids: Sequence[int]) -> dict[int, QueueRow]:
        return self.office.queue_rows(list(ids))

    def _make_table(self) -> QTableView:
        table = queue_table(self.model, self.fontMetrics().height() + 8)
        restore(table, "queue")  # the user's own column widths, as the Work queue page has them
        # The queue's own order, the one this screen reads; the header only shows it.
        table.horizontalHeader().setSortIndicator(SCORE_COLUMN, Qt.SortOrder.DescendingOrder)
        table.horizontalHeader().setSortIndicatorShown(True)
        table.doubleClicked.connect(self._activated)
        open_on_enter(table, self._activated)
        return table

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.id_at(index.row())
        if case_id is not None:
            self.pending_case = case_id
            self.message.setText(_("The case opens as soon as Casedesk has loaded…"))

    def _page_chosen(self, row: int) -> None:
        if self.page_names[row] != START_PAGE:
            self.message.setText(_("The page opens as soon as Casedesk has loaded…"))

    def carried(self) -> Carried:
        """What the main window takes over."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        selected = tuple(i for i in (self.model.id_at(r) for r in rows) if i is not None)
        page = self.page_names[max(self.sidebar.currentRow(), 0)]
        scrolled = self.table.verticalScrollBar().value()
        return Carried(page, self.pending_case, selected, scrolled)

    def geometry_state(self) -> QByteArray:
        return self.saveGeometry()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.closed = True
        super().closeEvent(event)
