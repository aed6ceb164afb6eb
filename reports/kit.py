"""Small pieces the period reports share: section headings, notes, figures tables, bar charts,
money and percentage formatting."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from app.i18n import tr
from app.money import fmt
from reports.base import FONT, Paint, chunked, header_style, painted, register_fonts, styles
from reports.cjk import Paragraph
from reports.tall_rows import CellMaker, fit_rows

BAR = colors.HexColor("#4a6fa5")
WARN = colors.HexColor("#fde2e2")
ROW_HEIGHT = 12  # points: one 8-point line with its padding


def money(minor: int | None) -> str:
    return "—" if minor is None else fmt(minor)


def amounts_in(currency: str, lang: str) -> str:
    """What a report's amounts are in: the office's currency."""
    if currency == "CNY":
        return tr("Amounts in yuan; rates as percentages.", lang=lang)
    return tr("Amounts in {currency}; rates as percentages.", lang=lang, currency=currency)


def pct(value: float | None) -> str:
    """A rate to one decimal; a rate that is not nil (or not whole) is never rounded to 0.0% (or
    100.0%), which would read as none (or all)."""
    if value is None:
        return "—"
    if 0 < value < 0.0005:
        return "<0.1%"
    if 0.9995 <= value < 1:
        return ">99.9%"
    # Half up, from the shortest decimal that reads back as the rate: 0.2355 is 23.6%, where
    # formatting the float (23.549999…) gave 23.5% (found by QA).
    if not math.isfinite(value) or abs(value) >= 1e12:  # past what a Decimal's precision holds
        return f"{value * 100:.1f}%"
    # str, not repr: a Decimal (PostgreSQL's sums) reads as itself, a float as its shortest form
    shown = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


def section(title: str, lang: str) -> list[Flowable]:
    """A heading (a msgid) kept with its intro lines and the start of what follows them."""
    return heading(tr(title, lang=lang))


def heading(text: str) -> list[Flowable]:
    """A section's heading already in the report's language, as `section` lays it out: on one
    page with its intro lines (`intro`) and what they introduce, a table's header and first rows
    (reports.base.kept_with_next), never alone at a page's foot (found by QA: the 30 mm a
    CondPageBreak kept for it did not always hold them)."""
    return [kept_on(Paragraph(text, styles()["h2"]))]


def kept_on(flowable: Flowable) -> Flowable:
    """`flowable` marked to stay on one page with the flowable after it (kept_with_next)."""
    flowable.keepWithNext = 1
    return flowable


def note(text: str) -> Paragraph:
    return Paragraph(text, styles()["body"])


def intro(text: str) -> Flowable:
    """A line under a section's heading that says what the section counts: kept with it and
    with what it introduces."""
    return kept_on(note(text))


def add_note_under_table(story: list[Flowable], text: str) -> None:
    """Put a note under the table that ends `story`, standing clear of its bottom rule (2 mm)
    and kept with the table's last rows: found by QA, the note began the next page alone."""
    last = story.pop()
    rows = list(last._content) if isinstance(last, KeepTogether) else [last]
    story.append(KeepTogether([*rows, gap(2 * mm), note(text)]))


def none_note(lang: str) -> Paragraph:
    return note(tr("None in this period.", lang=lang))


def figures(rows: Sequence[tuple[str, Any]], lang: str, width: float = 150 * mm) -> list[Flowable]:
    """A two-column table of labelled figures (labels are msgids)."""
    body = [[tr(label, lang=lang), value] for label, value in rows]
    return text_chunks(
        [tr("Figure", lang=lang), tr("Value", lang=lang)],
        body,
        [width * 0.62, width * 0.38],
        extra_style=[("ALIGN", (1, 0), (1, -1), "RIGHT")],
    )


def axis_label(value: float) -> str:
    """A chart's value-axis label: a whole number with thousands separators."""
    return f"{value:,.0f}"


def value_ticks(top: float, intervals: int = 5) -> tuple[int, int]:
    """(axis top, step) of a value axis for values up to `top`: whole-number ticks 1, 2 or 5
    times a power of ten apart, at most about `intervals` of them, so no two ticks share a label
    (ReportLab's own ticks for a top of 1 are 0.2 apart, labelled 0, 0, 0, 1, 1, 1)."""
    rough = max(top, 1) / intervals
    magnitude = 10 ** max(math.floor(math.log10(rough)), 0)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return max(math.ceil(top / step), 1) * step, step


def bar_chart(
    values: Sequence[float],
    labels: Sequence[str],
    title: str,
    *,
    width: float = 170 * mm,
    height: float = 55 * mm,
) -> Drawing:
    """A plain vertical bar chart with the embedded font (its title drawn above the bars)."""
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # else the renderer starts in Helvetica (not embedded)
    chart = VerticalBarChart()
    axis_top, step = value_ticks(max(values, default=0))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = axis_top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = axis_label
    # Room on the left for the longest value label (amounts run to nine digits).
    widest = text_width(axis_label(chart.valueAxis.valueMax)) * 7 / FONT_SIZE
    chart.x, chart.y = max(12 * mm, widest + 3 * mm), 10 * mm
    chart.width, chart.height = width - chart.x - 6 * mm, height - 20 * mm
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(chart.x, height - 6 * mm, title, fontName=FONT, fontSize=8.5))
    return drawing


PAD = 3  # points of padding left and right of a cell's text
FONT_SIZE = 8
LEADING = 10


@lru_cache(maxsize=1 << 16)
def text_width(line: str) -> float:
    """Width of one line in the cell font (memoised: labels and names repeat down a column)."""
    register_fonts()
    return stringWidth(line, FONT, FONT_SIZE)


def fits(text: str, width: float) -> bool:
    """Whether every line of `text` fits on one line of a column `width` points wide."""
    room = width - 2 * PAD
    for line in text.split("\n"):
        # No glyph of the font is wider than 1 em: short lines need no measuring.
        if len(line) * FONT_SIZE > room and text_width(line) > room:
            return False
    return True


class _Cell(CellStyle):
    """The defaults of a text_chunks cell."""

    fontname = FONT
    fontsize = FONT_SIZE
    leading = LEADING
    leftPadding = rightPadding = PAD
    topPadding = bottomPadding = 1
    valign = "MIDDLE"


class _TextTable(Table):
    """A Table that writes its one-line text cells through one PDF text object per table,
    instead of a text object per cell (most of the time a long list takes to draw)."""

    _text: Any = None

    def draw(self) -> None:
        self._text = None
        super().draw()
        if self._text is not None:
            self.canv.saveState()  # the text's fill colour stays inside the table
            self.canv.drawText(self._text)
            self.canv.restoreState()
            self._text = None

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        if (
            type(cellval) is not str
            or "\n" in cellval
            or cellstyle.alignment not in ("LEFT", "RIGHT")
            or cellstyle.href
            or cellstyle.destination
        ):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        if not cellval:
            return
        if self._text is None:
            self._text = self.canv.beginText()
            self._text.setFont(FONT, FONT_SIZE, LEADING)
            self._text.setFillColor(colors.black)
        (x, y), (width, height) = pos, size
        # Table._drawCell's placement of one line, vertically centred.
        y += (cellstyle.bottomPadding + height - cellstyle.topPadding + LEADING) / 2 - FONT_SIZE
        if cellstyle.alignment == "LEFT":
            x += cellstyle.leftPadding
        else:
            x += width - cellstyle.rightPadding - text_width(cellval)
        self._text.setTextOrigin(x, y)
        # Every cell sets its own origin: ReportLab's _textOut writes the text without
        # measuring it to move a cursor nothing reads (textOut's stringWidth, per cell).
        self._text._textOut(cellval)


def cell(value: Any, width: float) -> str | Flowable:
    """A table cell from plain text (never markup): the text itself when it fits the column,
    which ReportLab lays out and draws far faster, else a Paragraph that wraps it. A whole number
    is a count: written with thousands separators."""
    if isinstance(value, Flowable):
        return value
    if type(value) is int:
        return f"{value:,}"
    text = "" if value is None else str(value)
    if fits(text, width):
        return text
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()["cell"])


_CELLS = CellMaker(cell, PAD, FONT_SIZE, LEADING)


def _counts(rows: Sequence[Sequence[Any]], columns: int) -> list[int]:
    """The columns whose every filled cell is a whole number (right-aligned, as amounts are)."""
    found = []
    for column in range(columns):
        values = [r[column] for r in rows if r[column] not in (None, "")]
        if values and all(type(v) is int for v in values):
            found.append(column)
    return found


def text_chunks(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    *,
    extra_style: Sequence[tuple[Any, ...]] = (),
    paint: Sequence[Paint] = (),
) -> list[Flowable]:
    """Like table_chunks for rows of plain text (never markup), with cells that stay plain
    strings unless they must wrap: a long list lays out several times faster than with a
    Paragraph in every cell. Line breaks in a value ("\n") start a new line in its cell; columns
    of whole numbers are right-aligned; `paint` shades cells (body row, columns, colour).

    The cells of a column share one cell style when every command of `extra_style` covers whole
    columns (header to last row): style the tables' cells by whole columns (row colours,
    BACKGROUND and the like, are not cell styles and need no care)."""
    rows, paint = fit_rows(rows, col_widths, paint, _CELLS)
    # Font, size, leading, padding and alignment come from _Cell's defaults: a style command
    # for them would visit every cell of every table.
    right = [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in _counts(rows, len(col_widths))]
    columns = [*right, *extra_style]
    grid = ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1"))
    styles_by_head = {
        headed: TableStyle([grid, *header_style(headed), *columns]) for headed in (True, False)
    }
    widths = list(col_widths)
    head = [cell(h, w) for h, w in zip(header, widths, strict=True)]
    # ReportLab styles cells in place, one CellStyle object each: tens of thousands of them on a
    # long report, alive for the whole build, which sets off full garbage collections.
    whole_columns = all(cmd[1][1] == 0 and cmd[2][1] == -1 for cmd in columns)

    def make(start: int, end: int, headed: bool) -> Table:
        body = [[cell(v, w) for v, w in zip(r, widths, strict=True)] for r in rows[start:end]]
        data = [head, *body] if headed else body
        # A row of one-line strings has a known height: ReportLab need not measure it.
        heights = [
            ROW_HEIGHT if all(isinstance(v, str) and "\n" not in v for v in r) else None
            for r in data
        ]
        if whole_columns:
            cell_styles = [[_Cell("") for _ in widths]] * len(data)  # one row shared by all
        else:
            cell_styles = [[_Cell("") for _ in row] for row in data]
        table = _TextTable(
            data,
            colWidths=widths,
            rowHeights=heights,
            repeatRows=1 if headed else 0,
            cellStyles=cell_styles,
            normalizedData=1,  # every cell is already a str or a flowable: no copy to make
        )
        table.hAlign = "LEFT"  # under its section's heading, as the text is
        table.setStyle(styles_by_head[headed])
        if paint:
            table.setStyle(painted(paint, start, end, headed))
        return table

    return chunked(make, len(rows))


def gap(height: float = 3 * mm) -> Spacer:
    return Spacer(1, height)
