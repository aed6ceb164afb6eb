"""Reading what a user sees: a dark palette like Windows' and macOS' dark mode, and the WCAG
contrast of every shown label and coloured table cell against what lies behind it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QWidget

from ui.scheme_choice import dark_palette  # noqa: F401 (the tests' dark scheme is the app's own)

NORMAL, LARGE = 4.5, 3.0  # WCAG AA: normal text, bold or large text
SPAN_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{3,6})")
SLAB = 0.6  # in a dark window, a fill lighter than this is a white slab
ROWS_READ = 60  # a table's first rows: colours come from the same few rules


@contextmanager
def palette_of(app: QApplication, palette: QPalette) -> Iterator[None]:
    """The application in `palette`, its own given back afterwards (other tests see light)."""
    before = QPalette(app.palette())
    app.setPalette(palette)
    QApplication.processEvents()
    try:
        yield
    finally:
        app.setPalette(before)
        QApplication.processEvents()


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def behind(widget: QWidget) -> QColor:
    """The colour painted behind `widget`: the nearest of it and its parents that fills its
    background (its own fill, a style sheet's background, or the window)."""
    w: QWidget | None = widget
    while w is not None:
        if w.isWindow() or w.autoFillBackground() or "background" in w.styleSheet():
            return w.palette().color(w.backgroundRole())
        w = w.parentWidget()
    return QApplication.palette().color(QPalette.ColorRole.Window)


def _dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5


def _group(widget: QWidget) -> QPalette.ColorGroup:
    return QPalette.ColorGroup.Active if widget.isEnabled() else QPalette.ColorGroup.Disabled


def _needed(widget: QWidget) -> float:
    font = widget.font()
    large = font.pointSizeF() >= 18 or (font.bold() and font.pointSizeF() >= 14)
    return LARGE if font.bold() or large else NORMAL


def label_problems(label: QLabel) -> list[str]:
    if not label.text().strip() or not label.isVisible() or label.width() == 0:
        return []
    back = behind(label)
    text = label.palette().color(_group(label), label.foregroundRole())
    found = []
    ratio = contrast(text, back)
    need = _needed(label) if "font-weight: bold" not in label.styleSheet() else LARGE
    name = label.objectName() or label.text()[:40]
    if ratio < need:
        found.append(f"label {name!r}: {text.name()} on {back.name()} = {ratio:.2f}")
    if _dark() and "background" in label.styleSheet() and back.lightnessF() > SLAB:
        found.append(f"label {name!r}: a light slab {back.name()} in a dark window")
    for span in SPAN_COLOUR.findall(label.text()):
        ratio = contrast(QColor(span), back)
        if ratio < NORMAL:
            found.append(f"label {name!r} words in {span} on {back.name()} = {ratio:.2f}")
    return found


def _colour(value: object) -> QColor | None:
    if isinstance(value, QBrush):
        return value.color()
    if isinstance(value, QColor):
        return value
    return None


def view_problems(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None or not view.isVisible():
        return []
    found = []
    palette = view.palette()
    if _dark() and palette.color(QPalette.ColorRole.Base).lightnessF() > SLAB:
        base = palette.color(QPalette.ColorRole.Base).name()
        found.append(f"{view.objectName() or type(view).__name__}: a light slab {base}")
    for row in range(min(model.rowCount(), ROWS_READ)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            fore = _colour(model.data(index, Qt.ItemDataRole.ForegroundRole))
            back = _colour(model.data(index, Qt.ItemDataRole.BackgroundRole))
            if fore is None and back is None:
                continue
            if _dark() and back is not None and back.lightnessF() > SLAB:
                found.append(f"{type(view).__name__} ({row}, {column}): a light slab {back.name()}")
            fore = fore or palette.color(QPalette.ColorRole.Text)
            back = back or palette.color(QPalette.ColorRole.Base)
            ratio = contrast(fore, back)
            if ratio < NORMAL:
                text = str(model.data(index) or "")[:30]
                found.append(
                    f"{view.objectName() or type(view).__name__} ({row}, {column}) {text!r}: "
                    f"{fore.name()} on {back.name()} = {ratio:.2f}"
                )
    return found


def problems(root: QWidget) -> list[str]:
    """Every shown label and coloured cell under `root` (itself too) that is hard to read."""
    found = []
    labels = root.findChildren(QLabel)
    if isinstance(root, QLabel):
        labels.append(root)
    for label in labels:
        found += label_problems(label)
    for view in root.findChildren(QAbstractItemView):
        if not isinstance(view, QHeaderView):  # a table's header reads its table's model
            found += view_problems(view)
    return found
