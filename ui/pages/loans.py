"""The Loans page: search, a status filter, a lazily loaded table and the selected loan's detail."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.country_data import office_country
from app.export_kinds import TextFilter
from app.i18n import Words, plural
from app.i18n import tr as _
from app.id_labels import id_label
from app.queries import loan_count, loan_detail, loan_ids, loan_rows
from app.queries.loans import LoanDetail, LoanRow
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.pages.list_detail import ListDetailPage
from ui.pages.loan_detail import LoanDetailPane
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, SearchBox
from ui.widgets import select_data

COLUMNS = [
    Column("Loan no.", lambda r: r.loan_no, sort_key="loan_no"),
    Column("Borrower", lambda r: r.borrower, sort_key="borrower"),
    Column("Product", lambda r: r.product, sort_key="product"),
    Column("Principal", lambda r: labels.money(r.principal), RIGHT, sort_key="principal"),
    Column("Term", lambda r: str(r.term_months), RIGHT, sort_key="term"),
    Column("Status", lambda r: labels.label(labels.LOAN_STATUS, r.status), sort_key="status"),
    Column("Outstanding", lambda r: labels.money(r.outstanding), RIGHT, sort_key="outstanding"),
    Column("Oldest unpaid due", lambda r: labels.day(r.oldest_unpaid_due_on), sort_key="next_due"),
]
STATUS_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "status")
WATCHES = {"loan", "payment", "borrower"}


class LoansPage(ListDetailPage):
    """Find a loan by number, borrower, ID number or phone; see its clauses, schedule, payments."""

    watches = WATCHES

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.status: str | None = None
        with database.sessions() as session:
            country = office_country(session)
        self.search = SearchBox(
            _(
                (
                    "Search: loan or case number, borrower name or its pinyin, {full_id} or phone"
                    if country == "CN"  # a name in Latin letters has no pinyin to type
                    else "Search: loan or case number, borrower name, {full_id} or phone"
                ),
                full_id=Words(id_label(country, "full")),
            )
        )
        self.search.search.connect(self.set_search)
        self.status_combo = QComboBox()
        self.status_combo.addItem(_("All statuses"), None)
        for value, msgid in labels.LOAN_STATUS.items():
            self.status_combo.addItem(_(msgid), value)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.make_list(COLUMNS, sort_column=0)
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
        self.fit_columns()

    # --- queries: one session per call ---------------------------------------------------
    def _export_source(self) -> tuple[TextFilter, str | None, bool]:
        return TextFilter(search=self.search_text, status=self.status), *model_order(self.model)

    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return loan_ids(session, self.search_text, self.status, sort, descending)

    def _query_head(self, sort: str, descending: bool, n: int) -> list[int]:
        with self.database.sessions() as session:
            return loan_ids(session, self.search_text, self.status, sort, descending, limit=n)

    def _query_count(self) -> int:
        with self.database.sessions() as session:
            return loan_count(session, self.search_text, self.status)

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, LoanRow]:
        with self.database.sessions() as session:
            return loan_rows(session, ids)

    def _detail(self, session: Session, record_id: int) -> LoanDetail:
        return loan_detail(session, record_id)

    # --- behaviour ----------------------------------------------------------------------
    def show_loan(self, loan_id: int) -> None:
        """Select `loan_id`, clearing the search and filter if they hide it."""
        if self.model.row_of(loan_id) is None:
            self.search.set_text_silently("")
            self.search_text = ""
            select_data(self.status_combo, None)
            self.status = None
            self.refresh()
        row = self.model.row_of(loan_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _status_changed(self, _index: int) -> None:
        self.status = self.status_combo.currentData()
        self.refresh()

    def column_texts(self) -> dict[int, list[str]]:
        return {STATUS_COLUMN: [labels.label(labels.LOAN_STATUS, s) for s in labels.LOAN_STATUS]}

    def counting_text(self) -> str:
        return _("Counting loans…")

    def count_text(self, count: int) -> str:
        return plural(count, "{count} loan", "{count} loans")
