"""The Loans page: search, a status filter, a lazily loaded table and the selected loan's detail."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.export_kinds import TextFilter
from app.i18n import tr as _
from app.queries import loan_detail, loan_ids, loan_rows
from app.queries.loans import LoanRow
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.pages.loan_detail import LoanDetailPane
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, LazyTableModel, SearchBox
from ui.table_state import fit_columns

COLUMNS = [
    Column("Loan no.", lambda r: r.loan_no, sort_key="loan_no"),
    Column("Borrower", lambda r: r.borrower, sort_key="borrower"),
    Column("Product", lambda r: r.product, sort_key="product"),
    Column("Principal", lambda r: labels.money(r.principal), RIGHT, sort_key="principal"),
    Column("Term", lambda r: str(r.term_months), RIGHT, sort_key="term"),
    Column("Status", lambda r: labels.label(labels.LOAN_STATUS, r.status), sort_key="status"),
    Column("Outstanding", lambda r: labels.money(r.outstanding), RIGHT, sort_key="outstanding"),
    Column("Next due", lambda r: labels.day(r.next_due_on), sort_key="next_due"),
]
WATCHES = {"loan", "payment", "borrower"}


class LoansPage(QWidget):
    """Find a loan by number, borrower, ID number or phone; see its clauses, schedule, payments."""

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.search_text = ""
        self.status: str | None = None
        self.search = SearchBox(_("Search: loan number, borrower name, full ID number or phone"))
        self.search.search.connect(self.set_search)
        self.status_combo = QComboBox()
        self.status_combo.addItem(_("All statuses"), None)
        for value, msgid in labels.LOAN_STATUS.items():
            self.status_combo.addItem(_(msgid), value)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
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
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = LoanDetailPane()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel(_("Status:")))
        bar.addWidget(self.status_combo)
        self.export_button = ExportButton(database, None, "loans", self._export_source, self)
        bar.addWidget(self.export_button)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([400, 400])  # the list as tall as the loan's page at first
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        hub.changed.connect(self._on_changed)
        fit_columns(self.table)
        self._update_count()

    # --- queries: one session per call ---------------------------------------------------
    def _export_source(self) -> tuple[TextFilter, str | None, bool]:
        return TextFilter(search=self.search_text, status=self.status), *model_order(self.model)

    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return loan_ids(session, self.search_text, self.status, sort, descending)

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, LoanRow]:
        with self.database.sessions() as session:
            return loan_rows(session, ids)

    # --- behaviour ----------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self.search_text = text
        self.refresh()
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    def show_loan(self, loan_id: int) -> None:
        """Select `loan_id`, clearing the search and filter if they hide it."""
        if self.model.row_of(loan_id) is None:
            self.search.set_text_silently("")
            self.search_text = ""
            self.status_combo.blockSignals(True)
            self.status_combo.setCurrentIndex(0)
            self.status_combo.blockSignals(False)
            self.status = None
            self.refresh()
        row = self.model.row_of(loan_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def refresh(self) -> None:
        """Re-query the list, keeping the selected loan selected when still listed."""
        current = self.selected_id()
        self.model.refresh()
        self._update_count()
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self.detail.show_detail(None)
        fit_columns(self.table)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _status_changed(self, _index: int) -> None:
        self.status = self.status_combo.currentData()
        self.refresh()

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        loan_id = self.selected_id()
        if loan_id is None:
            self.detail.show_detail(None)
            return
        with self.database.sessions() as session:
            self.detail.show_detail(loan_detail(session, loan_id))

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    def _update_count(self) -> None:
        self.count.setText(_("{count} loans", count=f"{self.model.rowCount():,}"))
