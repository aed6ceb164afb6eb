"""The Borrowers page: debounced search, a lazily loaded table, the selected borrower's detail."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.export_kinds import TextFilter
from app.i18n import tr as _
from app.queries import borrower_detail, borrower_ids, borrower_rows
from app.queries.borrowers import BorrowerRow
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.pages.borrower_detail import BorrowerDetailPane
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, LazyTableModel, SearchBox
from ui.table_state import fit_columns

COLUMNS = [
    Column("No.", lambda r: r.borrower_no, sort_key="borrower_no"),
    Column("Name", lambda r: r.name, sort_key="name"),
    Column("ID number", lambda r: r.masked_id),
    Column("Segment", lambda r: labels.label(labels.SEGMENT, r.segment), sort_key="segment"),
    Column("Phone", lambda r: r.phone),
    Column("Loans", lambda r: str(r.loans), RIGHT, sort_key="loans"),
    Column("City", lambda r: r.city, sort_key="city"),
]
WATCHES = {"borrower", "phone", "address", "related_person", "loan", "payment"}


class BorrowersPage(QWidget):
    """Find a borrower by name, full ID number, phone or loan number; see everything about them."""

    open_loan = Signal(int)

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.search_text = ""
        self.search = SearchBox(_("Search: name, full ID number, phone or loan number"))
        self.search.search.connect(self.set_search)
        self.count = QLabel()
        self.model = LazyTableModel(COLUMNS, self._query_ids, self._fetch_rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setResizeContentsPrecision(100)  # size columns from a sample, not all rows
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = BorrowerDetailPane()
        self.detail.loan_activated.connect(self.open_loan)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_bar = QHBoxLayout()
        search_bar.addWidget(self.search, 1)
        self.export_button = ExportButton(
            database,
            None,
            "borrowers",
            lambda: (TextFilter(search=self.search_text), *model_order(self.model)),
            self,
        )
        search_bar.addWidget(self.export_button)
        left_layout.addLayout(search_bar)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 600])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        hub.changed.connect(self._on_changed)
        self._fit_columns()
        self._update_count()

    # --- queries: one session per call ---------------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return borrower_ids(session, self.search_text, sort, descending)

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, BorrowerRow]:
        with self.database.sessions() as session:
            return borrower_rows(session, ids)

    # --- behaviour ----------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        """Filter the list (SQL side) and keep the detail pane in step."""
        self.search_text = text
        self.refresh()
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Re-query the list, keeping the selected borrower selected when still listed."""
        current = self.selected_id()
        self.model.refresh()
        self._update_count()
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self.detail.show_detail(None)
        self._fit_columns()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        borrower_id = self.selected_id()
        if borrower_id is None:
            self.detail.show_detail(None)
            return
        with self.database.sessions() as session:
            self.detail.show_detail(borrower_detail(session, borrower_id))

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    def _update_count(self) -> None:
        self.count.setText(_("{count} borrowers", count=f"{self.model.rowCount():,}"))

    def _fit_columns(self) -> None:
        """Size columns to the visible page of rows (never to all of them)."""
        fit_columns(self.table)
