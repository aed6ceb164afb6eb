"""Room for a table's sort arrow beside a right-aligned column title.

Qt's Fusion style draws the sort arrow at a header's right edge over a right-aligned title (the
work queue's "Score" lost its last letter). The application's style is wrapped so such a title
is drawn that much further left, and a title too long for its column is cut with "…"; other
titles and every other control are drawn as the style draws them. Polishing a combo box, the
style also caps its width (ui/combo_width.py).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

from ui.combo_width import cap_combo

ARROW_ROOM = 12  # the arrow's width and a gap, in pixels


def label_rect(option: QStyleOptionHeader) -> QRect:
    """Where a header's title goes: left of the sort arrow when both sit at the right."""
    sorted_here = option.sortIndicator != QStyleOptionHeader.SortIndicator.None_
    right = bool(option.textAlignment & Qt.AlignmentFlag.AlignRight)
    if sorted_here and right and option.orientation == Qt.Orientation.Horizontal:
        return option.rect.adjusted(0, 0, -ARROW_ROOM, 0)
    return QRect(option.rect)


def elided_title(text: str, painter: QPainter, width: int) -> str:
    """A column title cut with "…" to `width`, each of its lines: the style centres a title too
    long for its column and cuts it at both ends ("技巧沟通技巧沟通", "s for difficult"), so
    neither its start nor that it goes on could be read (a course of 100 characters on the
    Agents & training page). Measured in the painter's font, bold where the header made it so."""
    metrics = painter.fontMetrics()
    return "\n".join(
        metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(width, 0))
        for line in text.split("\n")
    )


class SortArrowRoom(QProxyStyle):
    """The platform's style, with right-aligned sorted column titles kept clear of the arrow."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_HeaderLabel and isinstance(
            option, QStyleOptionHeader
        ):
            moved = QStyleOptionHeader(option)
            moved.rect = label_rect(option)
            moved.text = elided_title(option.text, painter, moved.rect.width())
            super().drawControl(element, moved, painter, widget)
            return
        super().drawControl(element, option, painter, widget)

    def polish(self, target: QWidget | QPalette | QApplication) -> QPalette | None:  # type: ignore[override]
        """As the platform's style polishes; a combo box is then no wider than COMBO_WIDTH."""
        polished = super().polish(target)
        if isinstance(target, QWidget):
            cap_combo(target)
        return polished


_kept: list[SortArrowRoom] = []  # the application uses it for its lifetime: never collected


def install(app: QApplication) -> None:
    """Wrap the application's style (once)."""
    if not isinstance(app.style(), SortArrowRoom):
        style = SortArrowRoom()  # wraps the platform's own style
        _kept.append(style)
        app.setStyle(style)
