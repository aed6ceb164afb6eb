"""Words a shown window cuts off: a label, button, check box, radio button, group box title, tab
title or fixed column title narrower (or lower) than its text; a combo box, spin box, date field
or placeholder narrower than its text (tests/ui/clipping_fields.py); a list's, table's or tree's
row lower than its cells' text (tests/ui/clipping_rows.py); a chart's tick label left out or cut,
its axis title or legend outside it (tests/ui/clipping_charts.py); and a window whose smallest
size is larger than a 1366×768 screen or another screen's room (its buttons out of reach). Used
at a large font (tests/ui/test_big_text.py, tests/ui/test_big_text_windows.py), where Windows'
"Make text bigger" and macOS' larger text put users, and on a scaled display's smaller logical
screen (tests/ui/test_scaled_display.py).

What counts, and what does not:
- a widget is judged against the room its own text needs, wherever it sits: a label squeezed
  inside a scroll area is as cut as one outside it. A widget merely scrolled out of a scroll
  area's view (or a tab bar's scroll buttons) is not cut: the user scrolls to it, so nothing is
  said about where a widget lies, only about its size;
- ui/elided_label.py's ElidedLabel elides on purpose and carries its whole text as a tooltip:
  exempt while it does;
- a column the user can widen (Interactive) may start narrower than its title: not reported;
  a Fixed or Stretch one may not (ResizeToContents fits itself);
- push buttons are measured by their text (and icon), not by the style's 80-pixel least width,
  so a deliberately small "…" button is not a finding;
- a combo box is judged on every choice it offers (the user may pick any), not only the chosen
  one; one at the width every combo box is capped to (ui/combo_width.py, COMBO_WIDTH) elides a
  longer choice on purpose and says it whole in its tooltip: exempt; so does a list of groups
  sized to show its headings whole (ui/indented_choices.py): its members are not judged. A
  combo box's or spin box's text is measured by its glyphs (a closing "）" stands left in its
  advance), a placeholder by its advance (Qt elides it by that);
- a line edit's typed text scrolls in the field (the user moves along it): only an empty one's
  placeholder is judged, and a placeholder whose whole text is in the field's tooltip (a search
  box's, a path's) is elided on purpose, as ElidedLabel: exempt. A spin box is judged on its
  value, its least and its most (what it takes);
- a cell may be elided across (its column can be widened, or its tooltip says it whole): only its
  height is judged, against what its delegate needs at the cell's width, wrapped lines included,
  for the rows in the view (the others are scrolled to);
- a chart's major tick labels are all drawn unless one has no room, which pyqtgraph drops without
  a word: each one missing is reported; lesser ticks giving way to crowding are not.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTabBar,
    QWidget,
)

from tests.ui.clipping_charts import chart_cut
from tests.ui.clipping_fields import FIELDS, clipped_field
from tests.ui.clipping_rows import rows_cut
from ui.elided_label import ElidedLabel

SLACK = 2  # pixels of rounding a style may lose without cutting a glyph
SCREEN = QSize(1366, 768)
LAPTOP = QSize(1280, 720 - 48)  # 1920×1080 at 150 % scaling, in logical pixels, less the taskbar
FRAME = QSize(16, 40)  # ui/screen_fit.py: what the system adds around a window


def _name(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "title"):
        if hasattr(widget, getter):
            text = str(getattr(widget, getter)())
            break
    text = text.replace("\n", " ")[:50]
    return f"{type(widget).__name__}({widget.objectName() or '-'}) {text!r}"


def _text_size(widget: QWidget, text: str) -> QSize:
    flags = int(Qt.TextFlag.TextShowMnemonic)
    return widget.fontMetrics().size(flags, text)


def _label(label: QLabel) -> list[str]:
    if not label.text() or (isinstance(label, ElidedLabel) and label.toolTip() == label.text()):
        return []
    have = label.size()
    if label.wordWrap():
        need = QSize(0, label.heightForWidth(have.width()))
    else:
        need = label.sizeHint()
    if have.width() < need.width() - SLACK or have.height() < need.height() - SLACK:
        return [f"{_name(label)}: {have.width()}×{have.height()} < {need.width()}×{need.height()}"]
    return []


def _push_need(button: QPushButton) -> QSize:
    """The text's and icon's room plus the style's margins, without the style's least width."""
    text = _text_size(button, button.text())
    width, height = text.width(), text.height()
    if not button.icon().isNull():
        width += button.iconSize().width() + 4
        height = max(height, button.iconSize().height())
    style = button.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
    frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, button)
    if button.menu() is not None:
        width += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    return QSize(width + margin + 2 * frame, height + 2 * frame)


def _button(button: QAbstractButton) -> list[str]:
    if not button.text():
        return []
    need = _push_need(button) if isinstance(button, QPushButton) else button.sizeHint()
    have = button.size()
    if have.width() < need.width() - SLACK or have.height() < need.height() - SLACK:
        return [f"{_name(button)}: {have.width()}×{have.height()} < {need.width()}×{need.height()}"]
    return []


def _group(box: QGroupBox) -> list[str]:
    need = box.minimumSizeHint()
    if box.title() and box.width() < need.width() - SLACK:
        return [f"{_name(box)}: {box.width()} wide < {need.width()}"]
    return []


def _tabs(bar: QTabBar) -> list[str]:
    found = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        have, need = bar.tabRect(index).width(), bar.tabSizeHint(index).width()
        if have < need - SLACK:
            found.append(f"tab {bar.tabText(index)!r}: {have} wide < {need}")
    return found


def _header(header: QHeaderView) -> list[str]:
    if header.orientation() != Qt.Orientation.Horizontal:
        return []
    model = header.model()
    if model is None:
        return []
    found = []
    style = header.style()
    margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = header.isSortIndicatorShown() and 12 or 0
    metrics = header.fontMetrics()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        mode = header.sectionResizeMode(section)
        if mode in (QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.ResizeToContents):
            continue
        title = model.headerData(section, Qt.Orientation.Horizontal)
        if not title:
            continue
        font = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole)
        drawn = QFontMetrics(font) if isinstance(font, QFont) else metrics  # a bold one: wider
        text = max((drawn.horizontalAdvance(line) for line in str(title).split("\n")), default=0)
        need, have = text + margin + arrow, header.sectionSize(section)
        if have < need - SLACK:
            found.append(f"column {str(title)!r}: {have} wide < {need}")
    return found


def window_too_big(window: QWidget, screen: QSize = SCREEN) -> list[str]:
    """The window cannot be made small enough for the room of a `screen` (1366×768 unless
    said): its layout's least size, or the height its wrapped lines need at its width (the
    offscreen screen here is 800×800, so a dialog grown to its lines may stand taller than a
    real 768 screen allows)."""
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        least.setHeight(max(least.height(), layout.totalHeightForWidth(window.width())))
    room = screen - FRAME
    if least.width() > room.width() or least.height() > room.height():
        return [
            f"window at least {least.width()}×{least.height()} > {room.width()}×{room.height()}"
        ]
    return []


JUDGED = (QLabel, QAbstractButton, QGroupBox, QTabBar, QAbstractItemView, *FIELDS, pg.PlotWidget)


def shown_widgets(root: QWidget) -> list[QWidget]:
    """`root` and its shown widgets of the kinds judged here."""
    every = [root, *root.findChildren(QWidget)]
    return [w for w in every if isinstance(w, JUDGED) and w.isVisible()]


def clipped(root: QWidget) -> list[str]:
    """Every shown widget of `root` (itself included) that cuts its words off."""
    found: list[str] = []
    for widget in shown_widgets(root):
        if isinstance(widget, QLabel):
            found += _label(widget)
        elif isinstance(widget, QAbstractButton):
            found += _button(widget)
        elif isinstance(widget, QGroupBox):
            found += _group(widget)
        elif isinstance(widget, QTabBar):
            found += _tabs(widget)
        elif isinstance(widget, QHeaderView):
            found += _header(widget)
        elif isinstance(widget, QAbstractItemView):
            found += rows_cut(widget)
        elif isinstance(widget, pg.PlotWidget):
            found += chart_cut(widget)
        else:
            found += clipped_field(widget)
    return found
