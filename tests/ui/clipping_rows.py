"""Rows a shown list, table or tree cuts short (tests/ui/clipping.py says what counts): a cell
lower than its text needs at the cell's width (a wrapped text's lines included) — a row height
fixed in pixels, a view's default section size or a delegate's hard-coded height cut the glyphs'
feet at a large font. The need is the larger of the view's delegate's and the plain delegate's
(a delegate whose sizeHint gives a height in pixels says that height). Only rows in the view's
viewport are judged: the others are scrolled to, and a lazy list fetches only what it shows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

SLACK = 2  # as tests/ui/clipping.py
MOST_ROWS = 60  # a view shows fewer at 768 pixels; the bound keeps a broken view from looping


def _shown_rows(view: QAbstractItemView) -> list[QModelIndex]:
    """The first column's index of each row whose top is inside the viewport."""
    model, room = view.model(), view.viewport().rect()
    if model is None:
        return []
    found = []
    root = view.rootIndex()
    for row in range(model.rowCount(root)):
        index = model.index(row, 0, root)
        rect = view.visualRect(index)
        if rect.isEmpty() or rect.bottom() < 0:
            continue
        if rect.top() > room.bottom() or len(found) >= MOST_ROWS:
            break
        found.append(index)
    return found


def _text(index: QModelIndex) -> str:
    return str(index.data() or "").replace("\n", " ")[:40]


def rows_cut(view: QAbstractItemView) -> list[str]:
    """The shown cells of `view` lower than their text: one finding a column."""
    if isinstance(view, QHeaderView) or view.model() is None:
        return []
    room, plain = view.viewport().rect(), QStyledItemDelegate()
    found: dict[int, str] = {}
    for first in _shown_rows(view):
        column = -1
        while (index := first.siblingAtColumn(column := column + 1)).isValid():
            if column in found:
                continue
            rect = view.visualRect(index)
            if rect.isEmpty() or not rect.intersects(room) or not index.data():
                continue
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = rect
            own = view.itemDelegateForIndex(index).sizeHint(option, index).height()
            need = max(own, plain.sizeHint(option, index).height())
            if rect.height() < need - SLACK:
                name = view.objectName() or type(view).__name__
                found[column] = (
                    f"{name} row {index.row()} column {column} {_text(index)!r}: "
                    f"{rect.height()} high < {need} (width {rect.width()})"
                )
    return list(found.values())
