"""A wide list in a narrow window: when its columns, fitted to their texts, are wider than the
table, the columns give way so that the last ones stay on screen rather than behind a horizontal
scroll bar (the work queue in English at 1024 px: Next action and Last contact were past the
edge). First a column fitted wider than its cells and its title for the room a sort arrow may
need gives that room back (not the sorted one: its arrow is there); then the named columns give
way in turn, each down to a floor, cut short with "…" at the end, the start or in the middle
where the end says the most (a masked ID's last digits), or keeping its last word whole (a
waiting case's date). The whole text is in the cell's tooltip. Widths the user set
(ui/table_state.py) are left alone; a window widened again gives the fitted widths back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from ui.table_state import CELL_PADDING, REMEMBERED

Elide = Qt.TextElideMode
KEEP_LAST_WORD = -1  # an elide mode of our own: the words before the last one give way


@dataclass(frozen=True)
class Yielding:
    """A column that gives way, down to the width of `floor` (a sample text) and its margins,
    its texts then cut as `elide` says."""

    column: int
    floor: str
    elide: Elide | int = Elide.ElideRight


def squeezed(wanted: Sequence[int], room: int, floors: dict[int, int]) -> list[int]:
    """Widths for columns wanting `wanted` in `room`: the columns of `floors` (in its order) give
    up what is too much, each down to its floor; the others keep what they want."""
    widths = list(wanted)
    excess = sum(widths) - room
    for column, floor in floors.items():
        if excess <= 0:
            break
        taken = min(excess, max(0, widths[column] - floor))
        widths[column] -= taken
        excess -= taken
    return widths


class ColumnElide(QStyledItemDelegate):
    """Paints as the default delegate, cutting the texts of the columns of `modes` their way."""

    def __init__(self, modes: Mapping[int, Elide | int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.modes = dict(modes)

    def initStyleOption(  # noqa: N802 -- Qt's
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        mode = self.modes.get(index.column())
        if isinstance(mode, Elide):
            option.textElideMode = mode

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """A KEEP_LAST_WORD cell's text is cut here, not in initStyleOption: its size hint (the
        width a column is fitted to) is the whole text's."""
        if self.modes.get(index.column()) != KEEP_LAST_WORD:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = kept_last_word(cell.text, cell, self.text_room(cell))
        widget = cell.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, widget)

    @staticmethod
    def text_room(option: QStyleOptionViewItem) -> int:
        """The width a cell's text has: the cell's, less the style's margins either side."""
        widget = option.widget
        style = widget.style() if widget is not None else None
        margin = (
            style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) if style else 2
        )
        return option.rect.width() - 2 * (margin + 1)


def kept_last_word(text: str, option: QStyleOptionViewItem, room: int) -> str:
    """`text` as fits `room`, its last word whole and the words before it cut with "…" ("Waiting
    until 2026-12-10" → "Waiting u… 2026-12-10"): the date says when, the cut words are in
    the tooltip."""
    metrics = option.fontMetrics
    if metrics.horizontalAdvance(text) <= room or " " not in text.strip():
        return text
    head, last = text.rstrip().rsplit(" ", 1)
    left = room - metrics.horizontalAdvance(" " + last)
    return metrics.elidedText(head, Elide.ElideRight, max(left, 0)) + " " + last


class GiveWay(QObject):
    """Keeps `view`'s columns within its width, `yielding` columns giving way in that order;
    `fitted()` after each fitting of the columns to their contents."""

    def __init__(self, view: QTableView, yielding: Sequence[Yielding]) -> None:
        super().__init__(view)
        self.view, self.yielding = view, tuple(yielding)
        self.wanted: list[int] = []
        self.cells: list[int] = []  # what the cells alone need, the title aside
        modes = {y.column: y.elide for y in self.yielding if y.elide != Elide.ElideRight}
        view.setItemDelegate(ColumnElide(modes, view))
        view.viewport().installEventFilter(self)
        # Sorted by another column, that one's arrow needs its room and the last one's is free.
        view.horizontalHeader().sortIndicatorChanged.connect(lambda *_args: self.give_way())

    def fitted(self) -> None:
        """Take the columns' widths as fitted to their contents, then give way."""
        view = self.view
        header = view.horizontalHeader()
        self.wanted = [header.sectionSize(i) for i in range(header.count())]
        last = header.count() - 1
        if last >= 0 and header.stretchLastSection():  # stretched: what its texts need
            self.wanted[last] = max(view.sizeHintForColumn(last), header.sectionSizeHint(last))
        self.cells = [view.sizeHintForColumn(i) for i in range(header.count())]
        self.give_way()

    def _title_room(self, column: int) -> int:
        """The least `column` needs for its cells and its title, no room for an arrow."""
        header = self.view.horizontalHeader()
        title = str(self.view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        needs = header.fontMetrics().horizontalAdvance(title) + CELL_PADDING
        return max(self.cells[column], needs)

    def give_way(self) -> None:
        view = self.view
        header = view.horizontalHeader()
        if view.property(REMEMBERED) or len(self.wanted) != header.count():
            return
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        wanted = [self.wanted[i] if i in shown else 0 for i in range(header.count())]
        sorted_by = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1
        floors = {c: self._title_room(c) for c in shown if c != sorted_by}
        metrics = view.fontMetrics()
        widths = squeezed(wanted, view.viewport().width(), floors)
        floors = {
            y.column: metrics.horizontalAdvance(y.floor) + CELL_PADDING
            for y in self.yielding
            if y.column in shown
        }
        widths = squeezed(widths, view.viewport().width(), floors)
        for column in shown:
            if header.sectionSize(column) != widths[column]:
                header.resizeSection(column, widths[column])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt's
        if event.type() == QEvent.Type.Resize:
            self.give_way()
        return False
