"""What a test reads of a view's cells and headers, through the model, never through an item.

An item Qt made (a filled cell, a header label, a combo box's entry) read with `item()` or
`horizontalHeaderItem()` comes back as an object Qt does not tell when it deletes the item; kept
alive by a failed assertion's traceback, it later stood for a new Qt object at its address, and
a later test on the worker crashed (ui/table_fill.cell_text; tests/ui/test_qt_items_never_read).
Each reader gives what the item's own getter gave for a cell with nothing set ("", 0, an empty
brush or icon), so a test keeps its meaning."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView

Role = Qt.ItemDataRole


def _index(view: QAbstractItemView, row: int, column: int) -> QModelIndex:
    return view.model().index(row, column)


def cell_tip(view: QAbstractItemView, row: int, column: int = 0) -> str:
    """The cell's tooltip ("" when none, as QTableWidgetItem.toolTip)."""
    return str(_index(view, row, column).data(Role.ToolTipRole) or "")


def _brush(view: QAbstractItemView, row: int, column: int, role: Role) -> QBrush:
    value = _index(view, row, column).data(role)
    return QBrush() if value is None else QBrush(value)


def cell_foreground(view: QAbstractItemView, row: int, column: int) -> QBrush:
    """The cell's text brush (an empty brush when none is set, as QTableWidgetItem.foreground)."""
    return _brush(view, row, column, Role.ForegroundRole)


def cell_background(view: QAbstractItemView, row: int, column: int) -> QBrush:
    """The cell's background brush (an empty brush when none is set)."""
    return _brush(view, row, column, Role.BackgroundRole)


def cell_alignment(view: QAbstractItemView, row: int, column: int) -> int:
    """The cell's text alignment as an int (0 when none is set, as textAlignment())."""
    value = _index(view, row, column).data(Role.TextAlignmentRole)
    return int(getattr(value, "value", value) or 0)


def cell_flags(view: QAbstractItemView, row: int, column: int) -> Qt.ItemFlag:
    """The cell's flags, as the model gives them."""
    return view.model().flags(_index(view, row, column))


def cell_icon(view: QAbstractItemView, row: int, column: int = 0) -> QIcon:
    """The cell's (or a list row's) icon; a null icon when none is set."""
    value = _index(view, row, column).data(Role.DecorationRole)
    return QIcon() if value is None else QIcon(value)


def type_text(view: QAbstractItemView, row: int, column: int, text: str) -> None:
    """Put text in a cell as the editor does when the user types (cellChanged follows)."""
    view.model().setData(_index(view, row, column), text, Role.EditRole)


def header_text(view: QAbstractItemView, section: int, vertical: bool = False) -> str:
    """A header section's text, read from the model ("" when it has none)."""
    orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
    return str(view.model().headerData(section, orientation) or "")


def header_tip(view: QAbstractItemView, section: int, vertical: bool = False) -> str:
    """A header section's tooltip, read from the model ("" when it has none)."""
    orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
    return str(view.model().headerData(section, orientation, Role.ToolTipRole) or "")


def header_font(view: QAbstractItemView, section: int) -> QFont:
    """A horizontal header section's own font (the default font when it has none)."""
    value = view.model().headerData(section, Qt.Orientation.Horizontal, Role.FontRole)
    return QFont() if value is None else QFont(value)


def header_value(view: QAbstractItemView, section: int, role: Role) -> object:
    """A horizontal header section's data in `role`."""
    return view.model().headerData(section, Qt.Orientation.Horizontal, role)


def cell_rect(view: QAbstractItemView, row: int, column: int) -> QRect:
    """Where the cell is drawn in the view's viewport (visualItemRect, without the item)."""
    return view.visualRect(_index(view, row, column))


def selected_cells(view: QAbstractItemView) -> list[tuple[int, int]]:
    """(row, column) of each selected cell, in the order Qt gives them (selectedItems')."""
    return [(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()]
