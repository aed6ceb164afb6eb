"""A draft's or a cancelled agreement's watermark: its words turned 45° across the page, over the
content and translucent, as large as the page allows (reports/agreement.py)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reports.base import FONT, register_fonts

RED = colors.HexColor("#b3261e")
MARK_SIZE = 80  # points: the watermark's largest font size
MARK_LEADING = 1.2  # its line height, in font sizes
MARK_MARGIN = 20 * mm  # the watermark keeps this far from the page's edges
MARK_ALPHA = 0.15  # drawn over the text: faint enough to read through


def watermark_size(lines: Sequence[str], pagesize: tuple[float, float]) -> float:
    """The font size at which `lines`, turned 45°, fit the page less MARK_MARGIN on every side
    (at most MARK_SIZE): a block w wide and h high turned 45° spans (w + h) / √2 each way."""
    register_fonts()
    widest = max(stringWidth(line, FONT, 1) for line in lines)
    high = len(lines) * MARK_LEADING
    room = min(pagesize) - 2 * MARK_MARGIN
    return min(MARK_SIZE, room * math.sqrt(2) / (widest + high))


def watermark(lines: Sequence[str]) -> Callable[[Canvas, Any], None]:
    """Draws `lines` (Chinese, then English) across the page over its content, translucent."""

    def draw(canvas: Canvas, _doc: Any) -> None:
        width, height = canvas._pagesize
        size = watermark_size(lines, (width, height))
        leading = size * MARK_LEADING
        canvas.saveState()
        canvas.setFillColor(RED)
        canvas.setFillAlpha(MARK_ALPHA)
        canvas.setFont(FONT, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        # The block of lines centred on the page's centre (a glyph's middle is ~0.35 em up).
        top = (len(lines) - 1) * leading / 2 - 0.35 * size
        for k, line in enumerate(lines):
            canvas.drawCentredString(0, top - k * leading, line)
        canvas.restoreState()

    return draw
