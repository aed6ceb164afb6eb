"""Words a shown chart (pyqtgraph, ui/charts.py) cuts off or leaves out (tests/ui/clipping.py
says what counts): a major tick's label that its axis has no room for — pyqtgraph drops such a
label without a word, so an amount axis too narrow for "12,345,678" shows no amounts at all —, a
label drawn past the chart's edge, and an axis title, legend entry or text item standing partly
outside the chart (below the fold of a squeezed chart)."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsTextItem, QWidget

SLACK = 2  # as tests/ui/clipping.py


def _outside(view: pg.GraphicsView, item: Any, rect: QRectF) -> bool:
    """`rect` (in `item`'s coordinates) reaches past the view's visible area."""
    shown = view.mapFromScene(item.mapRectToScene(rect)).boundingRect()
    room = view.viewport().rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    return not room.contains(shown)


def _major_labels(axis: pg.AxisItem) -> list[str]:
    """The labels of the axis's major ticks inside its range, as pyqtgraph makes them: all of
    them are drawn unless one has no room (lesser ticks may give way to crowding)."""
    low, high = sorted(axis.range)
    if axis._tickLevels is not None:
        level = axis._tickLevels[0] if axis._tickLevels else []
        return [str(s) for v, s in level if low <= v <= high]
    vertical = axis.orientation in ("left", "right")
    length = (axis.height() if vertical else axis.width()) + 2  # its span, as generateDrawSpecs
    levels = axis.tickValues(low, high, length)
    if not levels:
        return []
    spacing, values = levels[0]
    values = [v for v in values if low <= v <= high]
    return [str(s) for s in axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)]


def _axis(view: pg.GraphicsView, side: str, axis: pg.AxisItem) -> list[str]:
    found = []
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    drawn = [] if specs is None else specs[2]
    shown = {text for _rect, _flags, text in drawn}
    left_out = [s for s in _major_labels(axis) if s not in shown]
    if left_out:
        found.append(f"{side} axis: no room for {left_out[:4]}")
    for rect, _flags, text in drawn:
        if _outside(view, axis, rect):
            found.append(f"{side} axis: {text!r} past the chart's edge")
            break
    label = axis.label
    if label is not None and label.isVisible() and label.toPlainText():
        found += _text_item(view, label, f"{side} axis title")
    return found


def _text_item(view: pg.GraphicsView, item: QGraphicsTextItem, what: str) -> list[str]:
    """The glyphs of a text item (inside its document's margin) against the visible area."""
    margin = item.document().documentMargin()
    glyphs = item.boundingRect().adjusted(margin, margin, -margin, -margin)
    if _outside(view, item, glyphs):
        return [f"{what} {item.toPlainText()[:40]!r} outside the chart"]
    return []


def chart_cut(view: QWidget) -> list[str]:
    """What the shown chart `view` cuts off or leaves out."""
    if not isinstance(view, pg.PlotWidget):
        return []
    plot = view.getPlotItem()
    if plot is None:
        return []
    name = view.objectName() or type(view).__name__
    found = []
    for side, entry in plot.axes.items():
        axis = entry["item"]
        if axis.isVisible():
            found += _axis(view, side, axis)
    # Judged where its next paint puts it: a chart below the fold has not been painted yet, and
    # pyqtgraph places its plot and its text items just before a paint.
    view.scene().prepareForPaint()
    for item in view.scene().items():
        if isinstance(item, QGraphicsTextItem) and item.isVisible() and item.toPlainText():
            if not any(item is e["item"].label for e in plot.axes.values()):
                found += _text_item(view, item, "text")
    return [f"{name}: {f}" for f in found]
