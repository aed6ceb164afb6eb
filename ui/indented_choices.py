"""A list of choices in groups: the open list draws a group's members indented under its heading,
while the closed box shows the chosen words alone. Indented with spaces, the Audit page's Action
read "    Contact logged" once chosen, its words pushed off to the right of the box."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem

MEMBER = Qt.ItemDataRole.UserRole + 7  # an item's role: True for a group's member
Index = QModelIndex | QPersistentModelIndex


class IndentedChoices(QStyledItemDelegate):
    """Draws a member of a group (MEMBER) indented by about four characters."""

    def indent(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance("0000")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(MEMBER):
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(self.indent(option), 0, 0, 0)  # type: ignore[attr-defined]
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return size + QSize(self.indent(option), 0) if index.data(MEMBER) else size


def indent_members(combo: QComboBox, members: Collection[object]) -> None:
    """Draw the choices whose values are `members` indented in the open list."""
    if not isinstance(combo.itemDelegate(), IndentedChoices):
        combo.setItemDelegate(IndentedChoices(combo))
    widest = 0
    metrics = combo.view().fontMetrics()
    for row in range(combo.count()):
        member = combo.itemData(row) in members
        combo.setItemData(row, member, MEMBER)
        text = ("0000" if member else "") + combo.itemText(row)
        widest = max(widest, metrics.horizontalAdvance(text))
    # Qt widens the open list to its longest text, not knowing of the indent: the longest
    # member was cut ("Visit booking …cked by a rule").
    scroll = combo.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    combo.view().setMinimumWidth(widest + scroll + 4 * metrics.horizontalAdvance(" "))
