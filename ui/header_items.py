"""A QTableWidget's header items made here, in Python, never read back from Qt.

The items `setHorizontalHeaderLabels` makes are Qt's: the Python object Qt hands back for one
(`horizontalHeaderItem`) is not told when Qt deletes the item (a `clear()`, new labels), and
while it lives it keeps the item's address. An object Qt makes later at that address then came
back to Python as that stale item: a new window's status bar read as a QTableWidgetItem in a
CI run ("'QTableWidgetItem' object has no attribute 'addWidget'"), and a window crashed as it
was built. Items made in Python are told of their deletion, so every table's header items are
made here, never with `setHorizontalHeaderLabels` (tests/ui/test_qt_items_never_read.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def header_item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    return item


def set_headers(
    table: QTableWidget,
    texts: Sequence[str],
    tips: Sequence[str] = (),
    orientation: Qt.Orientation = Qt.Orientation.Horizontal,
) -> None:
    """The header's labels, each with its tool tip (tips[n], when given and not empty)."""
    vertical = orientation == Qt.Orientation.Vertical
    for n, text in enumerate(texts):
        item = header_item(text, tips[n] if n < len(tips) else "")
        if vertical:
            table.setVerticalHeaderItem(n, item)
        else:
            table.setHorizontalHeaderItem(n, item)
