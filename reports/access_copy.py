"""A borrower's copy of their personal data as a PDF (app/access_copy.py gathers it,
app/access_copy_tables.py words it): one section after another, long ones in page-sized tables,
on the office's paper turned landscape, in the copy's language, marked as full personal data
under its title and in every page's header."""

from __future__ import annotations

from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.access_copy import AccessCopy
from app.access_copy_tables import Section, opening
from app.i18n import tr
from reports.base import PageInfo, build_pdf, frame_width, styles
from reports.cjk import Paragraph
from reports.kit import gap, heading, money, note, text_chunks


def _table(part: Section, width: float) -> list[Flowable]:
    total = sum(part.weights)
    widths = [width * w / total for w in part.weights]
    rows = [
        [money(v) if i in part.money and isinstance(v, int) else v for i, v in enumerate(row)]
        for row in part.rows
    ]
    right = [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(part.money)]
    return text_chunks(part.headers, rows, widths, extra_style=right)


def render_access_copy(
    copy: AccessCopy, parts: list[Section], marking: str, out: Path | IO[bytes], lang: str
) -> None:
    """Lay out the copy's sections on `copy.paper`; `marking` says it holds full personal data."""
    s = styles()
    width = frame_width(copy.paper, wide=True)
    who = copy.identity
    title = tr("Copy of personal data", lang)
    red = ParagraphStyle("marking", parent=s["body"], textColor=colors.HexColor("#b00020"))
    story: list[Flowable] = [
        Paragraph(escape(title), s["title"]),
        Paragraph(
            escape(tr("Borrower {number}: {name}", lang, number=who.borrower_no, name=who.name)),
            s["h2"],
        ),
        Paragraph(escape(marking), red),
        gap(2 * mm),
        note(escape(opening(copy, lang))),
        Spacer(1, 3 * mm),
    ]
    for part in parts:
        story += heading(escape(part.title))
        if part.rows:
            story += _table(part, width)
        else:
            story.append(note(escape(tr("None recorded.", lang))))
    info = PageInfo(
        title,
        copy.office_name,
        tr("Borrower {number} · full personal data", lang, number=who.borrower_no),
        copy.generated_at,
        lang,
    )
    build_pdf(out, story, info, wide=True, paper=copy.paper)
