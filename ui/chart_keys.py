"""A chart the keyboard and a screen reader can use, as the mouse can.

Tab reaches the chart, which draws a focus frame; Left and Right move a highlight along its items
(bars, days), Home and End go to the first and last, Enter or Space opens what a click on that item
opens. The chart's accessible name says what it shows and its description the highlighted item's
label and figures; a tool tip shows the same beside the item. The highlight is drawn only while the
chart has the keyboard, so the mouse sees the chart as before."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from ui.colours import colour

FOCUS_COLOUR = "#1f6fb5"  # the tiles' focus border (ui/colours.py "focus", light scheme)
FOCUS_WIDTH = 2
STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class KeyedChart(pg.PlotWidget):
    """A plot whose items the keyboard walks; subclasses say what the items are."""

    def __init__(self, parent: Any = None, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        # Tab reaches the chart; a click does not take the keyboard (the mouse works as before).
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.current = 0
        self.hint = ""  # how the keys work, said after the item (set by the subclass)

    # --- what a subclass tells ------------------------------------------------------------
    def item_count(self) -> int:
        raise NotImplementedError

    def item_text(self, index: int) -> str:
        """The item's label and figures, read aloud and shown in the tool tip."""
        raise NotImplementedError

    def item_anchor(self, index: int) -> QPointF:
        """The scene point the tool tip points at (the top of a bar, a day's point)."""
        raise NotImplementedError

    def open_item(self, index: int) -> None:
        """Do what a click on the item does."""
        raise NotImplementedError

    def draw_highlight(self, index: int | None) -> None:
        """Mark the item (None: mark nothing)."""
        raise NotImplementedError

    # --- the highlight --------------------------------------------------------------------
    def start_index(self) -> int:
        """Where the highlight starts when the figures arrive."""
        return 0

    def items_changed(self, keep: bool) -> None:
        """New figures: keep the highlighted item where there still is one, else start again."""
        count = self.item_count()
        self.current = min(self.current, count - 1) if keep and count else self.start_index()
        self.current = max(self.current, 0)
        self._announce(show_tip=False)

    def move_to(self, index: int) -> None:
        count = self.item_count()
        if not count:
            return
        self.current = max(0, min(index, count - 1))
        self._announce(show_tip=True)

    def _announce(self, show_tip: bool) -> None:
        count = self.item_count()
        text = self.item_text(self.current) if count else ""
        self.setAccessibleDescription(" ".join(part for part in (text, self.hint) if part))
        self.draw_highlight(self.current if count and self.hasFocus() else None)
        if show_tip and count and self.hasFocus():
            self._show_tip(text)

    def _show_tip(self, text: str) -> None:
        anchor = self.mapFromScene(self.item_anchor(self.current))
        point = self.viewport().mapToGlobal(anchor)
        QToolTip.showText(point, text, self, QRect(), 60_000)

    # --- keys and focus -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        modified = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modified or not self.item_count():
            super().keyPressEvent(event)
        elif key in STEPS:
            self.move_to(self.current + STEPS[Qt.Key(key)])
        elif key == Qt.Key.Key_Home:
            self.move_to(0)
        elif key == Qt.Key.Key_End:
            self.move_to(self.item_count() - 1)
        elif key in ACTIVATE:
            QToolTip.hideText()
            self.open_item(self.current)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self._announce(show_tip=False)
        self.viewport().update()
        # After the focus change is through: the tool tip hides itself on the FocusIn events
        # that still follow (the scene's), so one shown now was gone at once.
        QTimer.singleShot(0, self, self._tip_if_focused)

    def _tip_if_focused(self) -> None:
        if self.hasFocus() and self.item_count():
            self._show_tip(self.item_text(self.current))

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        QToolTip.hideText()
        self.draw_highlight(None)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt override)
        super().drawForeground(painter, rect)
        if not self.hasFocus():
            return
        painter.save()
        painter.resetTransform()
        pen = QPen(colour("focus"), FOCUS_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_WIDTH / 2
        painter.drawRect(QRectF(self.viewport().rect()).adjusted(half, half, -half, -half))
        painter.restore()
