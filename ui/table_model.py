"""A table over a list of ids, rows fetched lazily a page at a time and cached (Anki DataModel)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTableView, QWidget

from app.errors import DatabaseError
from app.i18n import tr as _
from ui.colours import colour

PAGE_SIZE = 200
DEBOUNCE_MS = 300
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: header msgid, how to get its text from a row, alignment, SQL sort key."""

    header: str
    accessor: Callable[[Any], str]
    alignment: Qt.AlignmentFlag = LEFT
    sort_key: str | None = None
    tip: Callable[[Any], str | None] | None = None  # the tooltip, where it says more than the text


# The head of a list: the first `n` ids in order (sort key, descending, n).
QueryHead = Callable[[str, bool, int], list[int]]


class LazyTableModel(QAbstractTableModel):
    """Rows are ids; display rows come from `fetch_rows(ids)` a page at a time, then cached.

    With `query_head` and `query_count`, a refresh reads only the first page of ids, so the
    first screen costs the same however long the list is. The count, which grows with the
    list, is asked on the next turn of the event loop, after the view has painted; the table
    then grows to it and `counted` says how many there are. The other ids are read the first
    time a row past the first page is needed (scrolling, selecting all).
    """

    counted = Signal(int)  # how many rows the list has, once known after a refresh

    def __init__(
        self,
        columns: Sequence[Column],
        query_ids: Callable[[str, bool], list[int]],
        fetch_rows: Callable[[Sequence[int]], dict[int, Any]],
        parent: QWidget | None = None,
        query_head: QueryHead | None = None,
        query_count: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._query_ids = query_ids
        if (query_head is None) != (query_count is None):
            raise TypeError("query_head and query_count come together")
        self._query_head = query_head
        self._query_count = query_count
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._total = 0  # rows shown; more than len(_ids) until the rest is read
        self._complete = True  # every id read
        self._counting = False  # a refresh read only the head; its count comes after the paint
        self._generation = 0  # refreshes so far: a count asked for an older one is dropped
        self.head_size = PAGE_SIZE  # ids read by a refresh with `query_head`
        self._cache: dict[int, Any] = {}
        self._unreadable = False  # a page could not be read while painting: blank until refresh
        self.sort_column = next((i for i, c in enumerate(columns) if c.sort_key), 0)
        self.descending = False
        # Rows in secondary text (the work queue's waiting cases); None: every row as the view's.
        self.row_muted: Callable[[Any], bool] | None = None

    # --- data from the core -------------------------------------------------------------
    def _sort_key(self) -> str:
        return self.columns[self.sort_column].sort_key or "id"

    def refresh(self) -> None:
        """Re-run the ids query (filters and sort in SQL) and drop the row cache."""
        self._generation += 1
        self.beginResetModel()
        if self._query_head is not None:
            self._ids = self._query_head(self._sort_key(), self.descending, self.head_size)
            self._complete = len(self._ids) < self.head_size  # a short list is all there is
        else:
            self._ids = self._query_ids(self._sort_key(), self.descending)
            self._complete = True
        self._total = len(self._ids)
        self._counting = not self._complete
        self._cache.clear()
        self._unreadable = False
        self.endResetModel()
        if self._counting:
            QTimer.singleShot(0, partial(self._count, self._generation))
        else:
            self.counted.emit(self._total)

    @property
    def counting(self) -> bool:
        """The list's length is not known yet: only its head is shown."""
        return self._counting

    def count_now(self) -> None:
        """Count now rather than after the paint (to scroll past the head at once)."""
        self._count(self._generation)

    def _count(self, generation: int) -> None:
        """The whole list's length, after the head has painted: the table grows to it."""
        if generation != self._generation or not self._counting:
            return  # refreshed again since, or settled by a read of every id
        self._counting = False
        if self._complete:  # every id was read meanwhile (a row past the head was asked for)
            total = len(self._ids)
        else:
            assert self._query_count is not None
            total = max(self._query_count(), len(self._ids))
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        self._complete = len(self._ids) >= self._total
        self.counted.emit(self._total)

    @property
    def complete(self) -> bool:
        """Every id is known (always, without `query_head`)."""
        return self._complete

    def _read_all(self) -> None:
        """The rest of the ids, when a row past the head is first needed."""
        if self.complete:
            return
        head = self._ids
        self._ids = self._query_ids(self._sort_key(), self.descending)
        self._complete = True
        if self._counting and self._ids[: len(head)] == head:
            # The head is still the head: every id is the count. (Only a caller asks for a row
            # past the head while counting, never the view's paint: the table can grow now.)
            self._count(self._generation)
            return
        counting, self._counting = self._counting, False
        if counting or len(self._ids) != self._total:
            # Rows were added or removed elsewhere since the head was read. This may run while
            # the view paints: tell the view the new list after the paint.
            QTimer.singleShot(0, partial(self._settle, counting))

    def _settle(self, changed: bool = False) -> None:
        """Show the list as last read: `changed` when the head itself is no longer the same."""
        if changed or self._total != len(self._ids):
            self.beginResetModel()
            self._total = len(self._ids)
            self._cache.clear()
            self.endResetModel()
        self.counted.emit(self._total)

    def invalidate_rows(self) -> None:
        """Forget cached rows (their data changed) but keep the ids and the selection."""
        self._cache.clear()
        self._unreadable = False
        if self._total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._total - 1, len(self.columns) - 1)
            )

    def id_at(self, row: int) -> int | None:
        if len(self._ids) <= row < self._total:
            self._read_all()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int | None:
        if item_id not in self._ids:
            self._read_all()  # it may be past the head
        try:
            return self._ids.index(item_id)
        except ValueError:
            return None

    def ids(self) -> list[int]:
        self._read_all()
        return list(self._ids)

    def all_rows(self) -> list[Any]:
        """Every row as listed, fetching all pages (for tests and short lists)."""
        found = (self.row_data(n) for n in range(self.rowCount()))
        return [r for r in found if r is not None]

    def row_data(self, row: int) -> Any | None:
        """The display row for table row `row`, fetching its page on first use."""
        item_id = self.id_at(row)
        if item_id is None:
            return None
        if item_id not in self._cache:
            start = row - row % PAGE_SIZE
            page = self._ids[start : start + PAGE_SIZE]
            self._cache.update(self._fetch_rows(page))
        return self._cache.get(item_id)

    # --- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.painted_row(index.row())
            if row is None:
                return ""
            tip = column.tip(row) if column.tip and role == Qt.ItemDataRole.ToolTipRole else None
            return tip or column.accessor(row)
        if role == Qt.ItemDataRole.ForegroundRole and self.row_muted is not None:
            row = self.painted_row(index.row())
            return colour("muted") if row is not None and self.row_muted(row) else None
        return None

    def painted_row(self, row: int) -> Any | None:
        """`row_data` for the view's paint. A page the database cannot give (the server gone,
        the file busy) leaves the rows blank until the list is refreshed, and is said once, after
        the paint: raised here, it came back with every repaint, the one after its own message
        box closed too, so a box followed each box until the server was back. It is said as any
        error nothing caught (`_said`): the window's message box (ui/crash.py), a test's failure
        under pytest-qt, never a box of the model's own that a test cannot close."""
        if self._unreadable:
            return None
        try:
            return self.row_data(row)
        except DatabaseError as error:
            self._unreadable = True
            QTimer.singleShot(0, partial(_said, error))
            return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].header)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return self.columns[section].alignment
        return super().headerData(section, orientation, role)

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Clicking a header re-queries the ids in SQL with that column's sort key."""
        if not self.sortable(column):
            return
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()


def show_sort_truly(view: QTableView) -> None:
    """Put the header's sort arrow back on the column the rows are sorted by when it landed on
    one they cannot be sorted by: a click on the audit's Hash left the rows in time order with
    the arrow on Hash, and the window remembered it for the next start (ui/table_state.py)."""
    model, header = view.model(), view.horizontalHeader()
    if not isinstance(model, LazyTableModel) or model.sortable(header.sortIndicatorSection()):
        return
    order = Qt.SortOrder.DescendingOrder if model.descending else Qt.SortOrder.AscendingOrder
    blocked = header.blockSignals(True)  # the rows are sorted so already: nothing to query
    header.setSortIndicator(model.sort_column, order)
    header.blockSignals(blocked)
    header.viewport().update()


def follow_count(
    model: LazyTableModel,
    label: QLabel,
    counting: Callable[[], str],
    counted: Callable[[int], str],
) -> None:
    """The line under a lazy list: `counting()` while a long list's count follows its painted
    head, then `counted(n)` once it is known."""

    def reset() -> None:
        if model.counting:
            label.setText(counting())

    model.modelReset.connect(reset)
    model.counted.connect(lambda n: label.setText(counted(n)))


class WholeTitles(LazyTableModel):
    """A lazy model whose column titles are whole in the header's tooltip: a narrow window cuts
    them short (ui/give_way.py, ui/column_share.py)."""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            role = Qt.ItemDataRole.DisplayRole
        return super().headerData(section, orientation, role)


class SearchBox(QLineEdit):
    """A line edit that emits `search(text)` once typing pauses for DEBOUNCE_MS."""

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setToolTip(placeholder)  # the whole hint, where a narrow window cuts the placeholder
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.search.emit(self.text().strip()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.fire)

    def show_text(self, text: str) -> None:
        """Show `text` as searched already, without searching again: no search is left pending
        (one typed just before would otherwise replace it when the pause ends)."""
        self._timer.stop()
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)

    def fire(self) -> None:
        """Search now, without waiting for the pause."""
        self._timer.stop()
        self.search.emit(self.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Down and plain == Qt.KeyboardModifier.NoModifier:
            if self.to_list():
                return
        super().keyPressEvent(event)

    def to_list(self) -> bool:
        """Down: the keys go to the list this box searches (its page's `table`), on the first
        row found when no row is current; False when there is none or it is empty. A keyboard
        user typed, then went round every button and filter of the page with Tab to reach it."""
        page = self.parentWidget()
        while page is not None and not isinstance(getattr(page, "table", None), QAbstractItemView):
            page = page.parentWidget()
        if page is None:
            return False
        table: QAbstractItemView = page.table  # type: ignore[attr-defined]
        if self._timer.isActive():
            self.fire()  # the list shows what was typed, not what was there before
        model = table.model()
        if model is None or model.rowCount() == 0 or not table.isEnabled():
            return False
        if not table.currentIndex().isValid():
            table.setCurrentIndex(model.index(0, 0))
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def set_text_silently(self, text: str) -> None:
        """Change the text without starting a search."""
        self._timer.stop()
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)


def _said(error: DatabaseError) -> None:
    """An error a list met while painting, raised to whoever says uncaught errors: in the window
    ui.crash.report (its message box, once at a time), elsewhere the interpreter's hook."""
    sys.excepthook(type(error), error, error.__traceback__)
