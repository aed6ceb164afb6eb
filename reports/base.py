"""Shared PDF plumbing: the embedded CJK font, styles, header/footer with "page X of Y",
and tables split into page-sized pieces (ReportLab's split of one huge table is quadratic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Table,
    TableStyle,
)

from app.i18n import tr
from app.wall_clock import office_clock
from reports.cjk import Paragraph
from reports.fonts import MAIN_FILE, register
from reports.page_sections import PAGE_SECTION, section_numbers

FONT = "CasedeskCJK"
FONT_FILE = MAIN_FILE
ROWS_PER_TABLE = 40
TAIL_ROWS = 2  # a table's last rows that never go to a page without the rows before them
LEAD_ROWS = 2  # a table's first rows: a piece of their own, kept with the heading above them
# The papers a document is laid out on (app/paper.py names the office's), and the margins.
PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 15 * mm


def page_size(paper: str, wide: bool = False) -> tuple[float, float]:
    """The page in points: the paper's ("a4", "letter"; A4 for any other), turned when `wide`."""
    size = PAGE_SIZES.get(paper, A4)
    return landscape(size) if wide else size


def frame_width(paper: str, wide: bool = False) -> float:
    """The width between the margins, in points."""
    return page_size(paper, wide)[0] - 2 * MARGIN


def unit(paper: str, wide: bool = False) -> float:
    """Points per millimetre of a layout drawn for A4: `mm` itself on A4 and on a wider frame
    (US Letter upright), less on a narrower one (US Letter turned: 249 mm between the margins,
    not A4's 267) so that columns drawn for A4 fill the page as they did, and no wider."""
    return mm * min(1.0, frame_width(paper, wide) / frame_width("a4", wide))


@cache
def register_fonts() -> str:
    """Register the shipped TrueType CJK font (and its fallback for rarer characters,
    reports/fonts.py) once; ReportLab embeds them as subsets."""
    register(FONT)
    return FONT


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=20, spaceAfter=4),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
    }


BOTH = "zh_CN+en"  # a bilingual document's footer: Chinese, then English
BOTH_LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class PageInfo:
    title: str
    office_name: str
    subtitle: str
    generated_at: dt.datetime
    lang: str = "en"  # or BOTH
    ruleset_version: str | None = None


PAGE_SUBTITLE = "page_subtitle"  # a canvas attribute: the header's right side from that page on


class _NumberedCanvas(Canvas):
    """Defers page output so each footer can say 'page X of Y'."""

    info: PageInfo

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        # Counted within each page's section (reports/page_sections.py): all pages without one.
        sections = [state.get(PAGE_SECTION, 0) for state in self._pages]
        for state, (page, total) in zip(self._pages, section_numbers(sections), strict=True):
            self.__dict__.update(state)
            self._decorate(page, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        info, lang = self.info, self.info.lang
        width, height = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(colors.HexColor("#444444"))
        # The subtitle takes at most half the line, its start cut with "…" beyond (found by QA:
        # a visit sheet's agent of 120 characters ran off the page's left edge, over the title);
        # the office's name gives way (cut with "…") where the header would run into the
        # subtitle or off the page; the title is kept whole.
        # A page may name its own (PAGE_SUBTITLE: every agent's visit sheets, each page its own).
        subtitle = fitted_end(getattr(self, PAGE_SUBTITLE, info.subtitle), (width - 30 * mm) / 2)
        room = width - 30 * mm - pdfmetrics.stringWidth(subtitle, FONT, 8) - 6 * mm
        head = fitted(info.office_name, f" · {info.title}", room)
        self.drawString(15 * mm, height - 10 * mm, head)
        self.drawRightString(width - 15 * mm, height - 10 * mm, subtitle)
        self.setStrokeColor(colors.HexColor("#999999"))
        self.line(15 * mm, height - 12 * mm, width - 15 * mm, height - 12 * mm)
        # On the office's clock, as the gathering gave it (a naive time is the computer's), with
        # the zone's abbreviation in the hour that comes twice ("01:30 EST").
        at = info.generated_at
        stamp = office_clock(at) if at.tzinfo else at.astimezone().strftime("%Y-%m-%d %H:%M")
        langs = BOTH_LANGUAGES if lang == BOTH else (lang,)

        def say(msgid: str, **params: Any) -> str:
            return " ".join(tr(msgid, lang=one, **params) for one in langs)

        left = say("Generated {time}", time=stamp)
        if info.ruleset_version:
            left += " · " + say("Rule set {version}", version=info.ruleset_version)
        self.drawString(15 * mm, 8 * mm, left)
        page = say("Page {page} of {pages}", page=number, pages=total)
        self.drawRightString(width - 15 * mm, 8 * mm, page)
        self.restoreState()


def fitted(name: str, rest: str, room: float, size: float = 8) -> str:
    """`name` + `rest` in at most `room` points wide, `name` cut short with "…" if need be."""
    text = name + rest
    while name and pdfmetrics.stringWidth(text, FONT, size) > room:
        name = name[:-1].rstrip()
        text = f"{name}…{rest}" if name else rest.removeprefix(" · ")
    return text


def fitted_end(text: str, room: float, size: float = 8) -> str:
    """`text` in at most `room` points wide: its end kept, its start cut to "…" if need be."""
    if pdfmetrics.stringWidth(text, FONT, size) <= room:
        return text
    cut = text
    while cut and pdfmetrics.stringWidth(f"…{cut}", FONT, size) > room:
        cut = cut[1:].lstrip()
    return f"…{cut}"


Paint = tuple[int, int, int, Any]  # (body row, first column, last column, background colour)


class ContinuedRows(Flowable):
    """The next rows of a long table, made a Table only where they land: below the rows before
    them on the same page they carry on without a header row; at the top of a page they start
    with the header again, as a table split over pages does."""

    def __init__(self, make: Callable[[int, int, bool], Table], start: int, end: int) -> None:
        super().__init__()
        self.make, self.start, self.end = make, start, end
        self.table: Table | None = None
        self.headed = True

    def _placed(self) -> Table:
        # `_frame` is set by the frame that is placing this; a KeepTogether measures its rows
        # before any frame places them, under the rows before them (measured with a header,
        # they overflowed and the KeepTogether moved a table that fitted to the next page).
        frame = getattr(self, "_frame", None)
        headed = frame is not None and bool(frame._atTop)
        if self.table is None or headed != self.headed:
            self.table, self.headed = self.make(self.start, self.end, headed), headed
        return self.table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self._placed().wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self._placed().split(availWidth, availHeight)
        if len(parts) < 2:
            return parts
        fitted = len(parts[0]._cellvalues) - (1 if self.headed else 0)
        return [parts[0], ContinuedRows(self.make, self.start + fitted, self.end)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        assert self.table is not None  # wrapped before it is drawn
        self.table.drawOn(canvas, x, y, _sW)


def chunked(make: Callable[[int, int, bool], Table], count: int) -> list[Flowable]:
    """A long table as tables of ROWS_PER_TABLE rows (ReportLab's split of one huge table is
    quadratic): the first with its header, the others continuing it (ContinuedRows).
    `make(start, end, headed)` builds the table of body rows start..end. The header and the first
    LEAD_ROWS rows are a small table of their own, which a heading marked keepWithNext keeps on
    its page (kept_with_next; found by QA: a heading ended a page, its rows began the next). The
    last two or three rows of four or more are kept together (found by QA: a page began with a
    table's last row alone under a repeated header); a note under the table joins them
    (`add_note_under_table`). Pieces start on an even row: the rows' alternate shading carries
    on across a join."""
    tail = max(count - TAIL_ROWS, 0)
    tail -= tail % 2
    if not tail:  # three rows or fewer: one piece (kept whole, the heading was left alone)
        return [make(0, count, True)]
    lead = min(LEAD_ROWS, tail)
    spans = [(s, min(s + ROWS_PER_TABLE, tail)) for s in range(lead, tail, ROWS_PER_TABLE)]
    return [
        make(0, lead, True),
        *(ContinuedRows(make, s, e) for s, e in spans),
        KeepTogether([ContinuedRows(make, tail, count)]),
    ]


def kept_with_next(story: Sequence[Flowable]) -> list[Flowable]:
    """`story` with each run of flowables marked keepWithNext (a section's heading, its intro
    lines: reports.kit) in one KeepTogether with the flowable after it: a table's first piece
    (its header and first rows, chunked), a chart, a "none in this period" line. A KeepTogether
    that follows is opened into it (nested, one measures as endless: reports.portfolio_rolls).
    ReportLab's own keepWithNext would leave a following KeepTogether out of the group."""
    kept: list[Flowable] = []
    run: list[Flowable] = []
    for flowable in story:
        if flowable.getKeepWithNext():
            run.append(flowable)
            continue
        if not run:
            kept.append(flowable)
            continue
        after = list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
        for marked in run:  # else ReportLab groups them again as the group splits: no end
            marked.__dict__["keepWithNext"] = 0
        kept.append(KeepTogether([*run, *after]))
        run = []
    return kept + run


def header_style(headed: bool) -> list[tuple[Any, ...]]:
    """The header row's shading and the body's alternate rows, with or without a header."""
    first = 1 if headed else 0
    shade = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe6ee"))] if headed else []
    rows = [colors.white, colors.HexColor("#f5f7fa")]
    return [*shade, ("ROWBACKGROUNDS", (0, first), (-1, -1), rows)]


def painted(paint: Sequence[Paint], start: int, end: int, headed: bool) -> list[tuple[Any, ...]]:
    """BACKGROUND commands for the painted cells of body rows start..end in their table."""
    offset = (1 if headed else 0) - start
    return [
        ("BACKGROUND", (c0, r + offset), (c1, r + offset), colour)
        for r, c0, c1, colour in paint
        if start <= r < end
    ]


def table_chunks(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    *,
    extra_style: Sequence[tuple[Any, ...]] = (),
    paint: Sequence[Paint] = (),
) -> list[Flowable]:
    """A table of Paragraph cells in page-sized pieces (chunked); `paint` shades cells. A column
    of whole numbers is counts: right-aligned, header too, with thousands separators."""
    cell = styles()["cell"]
    right = ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT)
    counts = {
        column
        for column in range(len(col_widths))
        if any(r[column] not in (None, "") for r in rows)
        and all(type(r[column]) is int for r in rows if r[column] not in (None, ""))
    }

    def para(value: Any, column: int) -> Any:
        if isinstance(value, Flowable):
            return value
        if type(value) is int:
            return Paragraph(f"{value:,}", right)
        return Paragraph(str(value), right if column in counts else cell)

    common = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    head = [para(h, column) for column, h in enumerate(header)]

    def make(start: int, end: int, headed: bool) -> Table:
        body = [[para(v, column) for column, v in enumerate(r)] for r in rows[start:end]]
        data = [head, *body] if headed else body
        table = Table(data, colWidths=list(col_widths), repeatRows=1 if headed else 0)
        table.hAlign = "LEFT"  # under its section's heading, as the text is
        style = [*common, *header_style(headed), *extra_style]
        table.setStyle(TableStyle([*style, *painted(paint, start, end, headed)]))
        return table

    return chunked(make, len(rows))


def build_pdf(
    out: Path | IO[bytes],
    story: list[Flowable],
    info: PageInfo,
    *,
    wide: bool = False,
    paper: str = "a4",
    on_page: Callable[[Canvas, Any], None] | None = None,
    over_page: Callable[[Canvas, Any], None] | None = None,
) -> None:
    """Lay out `story` on `paper` (A4 or US Letter; landscape when `wide`) with the header and
    footer on every page; `on_page(canvas, doc)` draws under each page's content,
    `over_page(canvas, doc)` over it (a watermark no table's shading can hide)."""
    register_fonts()
    pagesize = page_size(paper, wide)
    target = str(out) if isinstance(out, Path) else out

    class _Doc(BaseDocTemplate):
        def afterPage(self) -> None:  # noqa: N802 - ReportLab's name: the page's flowables are drawn
            if over_page is not None:
                over_page(self.canv, self)

    doc = _Doc(
        target,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        title=info.title,
        author=info.office_name,
        creator="Casedesk",
        initialFontName=FONT,
        initialFontSize=9,
    )
    # The frame is the page between the margins, with no padding left or right: a table as wide
    # as frame_width() ends at the right margin (a frame's default 6 pt padding pushed it that
    # far into the margin), and the text lines up with the header's and footer's.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        id="normal",
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=on_page or _nothing, pagesize=pagesize)]
    )

    class _Canvas(_NumberedCanvas):
        pass

    _Canvas.info = info
    doc.build(kept_with_next(story), canvasmaker=_Canvas)


def _nothing(canvas: Canvas, doc: Any) -> None:
    """A page's drawing under its content when the document has none."""
