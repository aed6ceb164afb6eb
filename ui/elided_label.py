"""A one-line label that elides its text in the middle to fit (a database path in the status
bar and on the first screen), the whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """One line that shows as much of its text as fits in at most `max_width` pixels, '…' in the
    middle so that a path's file name stays in view; the whole text is its tooltip and text()."""

    def __init__(self, text: str, max_width: int, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setToolTip(text)
        self.setMaximumWidth(max_width)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = self.fontMetrics().horizontalAdvance("…" * 8)
        return QSize(min(hint.width(), least), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        middle = Qt.TextElideMode.ElideMiddle
        shown = self.fontMetrics().elidedText(self.text(), middle, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
