"""A dashboard tile: a clickable card with a title, a big figure and a line of detail (Enter or
Space clicks it), read aloud as its title and figure."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.i18n import tr as _
from ui.colours import set_role

TILE_ROLE = "tile"
ALERT_VALUE = "error"
QUIET_VALUE = "figure"


class Tile(QFrame):
    """A clickable card: a title, a big figure and a line of detail (Enter or Space clicks)."""

    clicked = Signal()

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("tile")
        self.setProperty("tile", key)
        set_role(self, TILE_ROLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # As tall as the row's tallest tile, text at the top: the cards of a row line up. Their
        # widths come from the grid's equal stretches, not from their texts: a long detail made
        # its tile wide and left the others too narrow to show theirs (1024 px, English).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title = QLabel(_(title))
        self.setAccessibleName(self.title.text())
        self.title.setWordWrap(True)
        set_role(self.title, "tile_title")
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        set_role(self.detail, "tile_detail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set(self, value: str, detail: str = "", alert: bool = False, about: str = "") -> None:
        """`about`: what the figure counts, said in the tool tip only."""
        self.value.setText(value)
        set_role(self.value, ALERT_VALUE if alert else QUIET_VALUE)
        # The big figure never wraps: its tile is at least as wide as it (¥1,234,567,890.12),
        # its layout's margins and its style sheet's border (known once polished).
        self.ensurePolished()
        margins = self.layout().contentsMargins()
        frame = self.contentsMargins()
        self.setMinimumWidth(
            self.value.sizeHint().width()
            + margins.left()
            + margins.right()
            + frame.left()
            + frame.right()
        )
        self.detail.setText(detail)
        lines = [f"{self.title.text()}: {value}", detail, about]
        self.setToolTip("\n".join(line for line in lines if line))
        # A card read aloud: its title and figure, then its line of detail.
        self.setAccessibleName(f"{self.title.text()}: {value}")
        self.setAccessibleDescription(detail)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
