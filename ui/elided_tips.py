"""Tooltips that add something: a cell whose tooltip is just its own text shows it only when the
text is cut short (elided) in its column, not over every short cell; a tooltip that says more
than the cell (a row's explanation, a rule's citation) shows as usual."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

Index = QModelIndex | QPersistentModelIndex


class ElidedTips(QStyledItemDelegate):
    """The view's delegate: paints as the default one, keeps a tooltip that only repeats the
    cell's whole text for when that text does not fit."""

    def shows_tip(self, option: QStyleOptionViewItem, index: Index) -> bool:
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if not tip:
            return False
        if tip != index.data(Qt.ItemDataRole.DisplayRole):
            return True
        # The width the text wants (as a column is fitted to it) against the cell's.
        return self.sizeHint(option, index).width() > option.rect.width()

    def helpEvent(  # noqa: N802 -- Qt's
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and not self.shows_tip(option, index):
            QToolTip.hideText()
            return True
        return super().helpEvent(event, view, option, index)
