"""The Borrowers page: debounced search, a lazily loaded table, the selected borrower's detail."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.export_kinds import TextFilter
from app.i18n import plural
from app.i18n import tr as _
from app.queries import borrower_count, borrower_detail, borrower_ids, borrower_rows
from app.queries.borrowers import BorrowerDetail, BorrowerRow
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.pages.borrower_detail import BorrowerDetailPane
from ui.pages.list_detail import ListDetailPage
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, SearchBox

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


class BorrowersPage(ListDetailPage):
    """Find a borrower by name, full ID number, phone or loan number; see everything about them."""

    open_loan = Signal(int)
    watches = WATCHES

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.search = SearchBox(
            _(
                "Search: name or its pinyin (zhangsan, zs), full ID number, phone, loan or case "
                "number"
            )
        )
        self.search.search.connect(self.set_search)
        self.make_list(COLUMNS, sort_column=1)
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
        self.fit_columns()

    # --- queries: one session per call ---------------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        with self.database.sessions() as session:
            return borrower_ids(session, self.search_text, sort, descending)

    def _query_head(self, sort: str, descending: bool, n: int) -> list[int]:
        with self.database.sessions() as session:
            return borrower_ids(session, self.search_text, sort, descending, limit=n)

    def _query_count(self) -> int:
        with self.database.sessions() as session:
            return borrower_count(session, self.search_text)

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, BorrowerRow]:
        with self.database.sessions() as session:
            return borrower_rows(session, ids)

    def _detail(self, session: Session, record_id: int) -> BorrowerDetail:
        return borrower_detail(session, record_id)

    def counting_text(self) -> str:
        return _("Counting borrowers…")

    def count_text(self, count: int) -> str:
        return plural(count, "{count} borrower", "{count} borrowers")
