"""A page that lists records lazily (searched and sorted in SQL) and shows the selected one in a
detail pane: the Borrowers and Loans pages."""

from __future__ import annotations

from collections.abc import Sequence, Set
from typing import Any, Protocol

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from db.store import Database
from ui.table_model import Column, LazyTableModel, follow_count
from ui.table_state import fit_columns, fit_texts
from ui.widgets import list_table


class DetailPane(Protocol):
    """A pane that shows one record's detail, or nothing for None."""

    def show_detail(self, detail: Any) -> None: ...


class ListDetailPage(QWidget):
    """The list, its count line and a detail pane that follows the selection."""

    watches: Set[str] = frozenset()  # the kinds of record whose announced change refreshes the list
    detail: DetailPane

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.search_text = ""

    def make_list(self, columns: Sequence[Column], sort_column: int) -> None:
        """The count line, the lazy model and its table, sorted by `sort_column` ascending.

        A refresh reads the list's first screen of ids only; its count, which grows with the
        office, follows the paint, and the rest of the ids are read when first needed."""
        self.count = QLabel()
        self.model = LazyTableModel(
            columns,
            self._query_ids,
            self._fetch_rows,
            self,
            query_head=self._query_head,
            query_count=self._query_count,
        )
        follow_count(self.model, self.count, self.counting_text, self.count_text)
        self.table = list_table(
            self.model, self.fontMetrics().height() + 8, (sort_column, Qt.SortOrder.AscendingOrder)
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # --- each page's queries, detail and count --------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[int]:
        raise NotImplementedError

    def _query_head(self, sort: str, descending: bool, n: int) -> list[int]:
        """The first `n` ids of `_query_ids`."""
        raise NotImplementedError

    def _query_count(self) -> int:
        """How many ids `_query_ids` lists."""
        raise NotImplementedError

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, Any]:
        raise NotImplementedError

    def _detail(self, session: Session, record_id: int) -> Any:
        """The detail pane's content for one record."""
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        """The count line under the list."""
        raise NotImplementedError

    def counting_text(self) -> str:
        """The count line while the list's count follows its painted head."""
        raise NotImplementedError

    # --- behaviour ------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        """Filter the list (SQL side); a single match is selected."""
        self.search_text = text
        self.refresh()
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Re-query the list, keeping the selected record selected when still listed."""
        current = self.selected_id()
        self.model.refresh()
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self.detail.show_detail(None)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns sized to the first rows, and wide enough for the texts `column_texts` names
        (a status the first screen does not show may come first in another order)."""
        fit_columns(self.table)
        for column, texts in self.column_texts().items():
            fit_texts(self.table, column, texts)

    def column_texts(self) -> dict[int, list[str]]:
        return {}

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        record_id = self.selected_id()
        if record_id is None:
            self.detail.show_detail(None)
            return
        with self.database.sessions() as session:
            self.detail.show_detail(self._detail(session, record_id))

    def _on_changed(self, entities: set[str]) -> None:
        if entities & self.watches:
            self.refresh()
