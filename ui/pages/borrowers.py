"""The Borrowers page: debounced search, a lazily loaded table, the selected borrower's detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.country_data import office_country
from app.export_kinds import TextFilter
from app.i18n import Words, plural
from app.i18n import tr as _
from app.id_labels import id_label
from app.queries import borrower_count, borrower_detail, borrower_ids, borrower_rows
from app.queries.borrowers import BorrowerDetail, BorrowerRow
from db.store import Database
from ui import labels
from ui.dialogs.export import ExportButton, model_order
from ui.pages.borrower_detail import BorrowerDetailPane
from ui.pages.list_detail import ListDetailPage
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, SearchBox
from ui.table_state import REMEMBERED

COLUMNS = [
    Column("No.", lambda r: r.borrower_no, sort_key="borrower_no"),
    Column("Name", lambda r: r.name, sort_key="name"),
    Column("ID number", lambda r: r.masked_id),
    Column("Segment", lambda r: labels.label(labels.SEGMENT, r.segment), sort_key="segment"),
    Column("Phone", lambda r: r.phone),
    Column("Loans", lambda r: str(r.loans), RIGHT, sort_key="loans"),
    Column("City", lambda r: r.city, sort_key="city"),
]
ID_COLUMN = 2
WATCHES = {"borrower", "phone", "address", "related_person", "loan", "payment"}
SEGMENT, PHONE = 3, 4  # on a narrow list the segment gives way to the phone (the pane shows it)
# The detail pane's least width, in average characters: its tables (loans, related persons) whole.
DETAIL_CHARS = 46


class Splitter(QSplitter):
    """A splitter that knows when its position was chosen: dragged, or restored from settings;
    `resized` after it laid its panes out at a new size."""

    resized = Signal()

    def __init__(self, orientation: Qt.Orientation) -> None:
        super().__init__(orientation)
        self.chosen = False
        self.splitterMoved.connect(self._moved)

    def _moved(self, *_args: object) -> None:
        self.chosen = True

    def restoreState(self, state: QByteArray | bytes) -> bool:  # noqa: N802 (Qt's name)
        self.chosen = super().restoreState(state)
        return self.chosen

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resized.emit()


class BorrowersPage(ListDetailPage):
    """Find a borrower by name, full ID number, phone or loan number; see everything about them."""

    open_loan = Signal(int)
    watches = WATCHES

    def __init__(self, database: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        with database.sessions() as session:
            country = office_country(session)
        self.search = SearchBox(
            _(
                (
                    "Search: name or its pinyin (zhangsan, zs), {full_id}, phone, "
                    "loan or case number"
                    if country == "CN"  # a name in Latin letters has no pinyin to type
                    else "Search: name, {full_id}, phone, loan or case number"
                ),
                full_id=Words(id_label(country, "full")),
            )
        )
        self.search.search.connect(self.set_search)
        columns = list(COLUMNS)  # the ID number's header as the office's country names it
        columns[ID_COLUMN] = replace(COLUMNS[ID_COLUMN], header=id_label(country))
        self.make_list(columns, sort_column=1)
        self.table.viewport().installEventFilter(self)  # narrower, it narrows the segment
        self.detail = BorrowerDetailPane()
        self.detail.loan_activated.connect(self.open_loan)
        self.detail.flags_changed.connect(
            lambda: hub.announce("borrower", "related_person", "phone")
        )
        splitter = Splitter(Qt.Orientation.Horizontal)
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
        splitter.resized.connect(self.split)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        hub.changed.connect(self._on_changed)
        self.fit_columns()

    # --- widths: the whole list when there is room, else up to the phone ------------------
    def split(self) -> None:
        """Give the list the width its columns need, as far as the detail pane keeps its least
        width (its tables whole); the pane takes the rest. Until a position is chosen."""
        if self.splitter.chosen:
            return
        total = sum(self.splitter.sizes())
        header, last = self.table.horizontalHeader(), len(COLUMNS) - 1
        if not self.table.property(REMEMBERED):
            for column in (SEGMENT, last):  # their own widths, not narrowed nor stretched
                self.table.resizeColumnToContents(column)
        need = sum(header.sectionSize(c) for c in range(last)) + 2 * self.table.frameWidth()
        need += max(self.table.sizeHintForColumn(last), header.sectionSizeHint(last))
        need += self.table.verticalScrollBar().sizeHint().width()
        least = min(self.fontMetrics().averageCharWidth() * DETAIL_CHARS, total // 2)
        detail = max(total - need, least)
        self.splitter.setSizes([total - detail, detail])

    def fit_columns(self) -> None:
        super().fit_columns()
        self.fit_segment()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_segment()
        return super().eventFilter(watched, event)

    def fit_segment(self) -> None:
        """On a list too narrow for every column, narrow the segment (its whole text is in the
        tool tip and the detail pane) so that the phone shows; fitted widths only."""
        if self.table.property(REMEMBERED):
            return
        header = self.table.horizontalHeader()
        self.table.resizeColumnToContents(SEGMENT)
        before = sum(header.sectionSize(c) for c in range(PHONE + 1) if c != SEGMENT)
        room = self.table.viewport().width() - before
        if header.sectionSize(SEGMENT) > room:
            header.resizeSection(SEGMENT, max(room, header.sectionSizeHint(SEGMENT)))

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
