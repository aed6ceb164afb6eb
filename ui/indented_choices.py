"""A list of choices in groups: the open list draws a group's members indented under its heading,
while the closed box shows the chosen words alone. Indented with spaces, the Audit page's Action
read "    Contact logged" once chosen, its words pushed off to the right of the box."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
)

MEMBER = Qt.ItemDataRole.UserRole + 7  # an item's role: True for a group's member
# A combo box's property once fit_groups sized it: its members may be cut short when chosen.
GROUPS_WHOLE = "casedesk_groups_whole"
SPARE = "0000"  # room past the widest heading: most members show whole too
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


def fit_groups(combo: QComboBox, most: int) -> None:
    """At most as wide as shows each heading (a choice not a member) whole, with SPARE room, and
    at most `most`: the Audit page's Action, sized to its longest member ("Phone number found
    wrong, or working again"), was 278 pixels wide to show "All actions" and took the filter
    bar's room at 1366 px. A member longer than that is cut short in the closed box and said
    whole in its tooltip (ui/combo_width.py) and in the open list."""
    metrics = combo.fontMetrics()
    widest = max(
        (
            metrics.horizontalAdvance(combo.itemText(row) + SPARE)
            for row in range(combo.count())
            if not combo.itemData(row, MEMBER)
        ),
        default=0,
    )
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    size = combo.style().sizeFromContents(
        QStyle.ContentsType.CT_ComboBox, option, QSize(widest, metrics.height()), combo
    )
    # Its size hints then ask no more than that (they asked for the longest member).
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(0)
    combo.setFixedWidth(min(size.width(), most))
    combo.setProperty(GROUPS_WHOLE, True)
