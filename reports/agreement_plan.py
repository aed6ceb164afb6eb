"""The agreement's payment plan as tables: chunked, the total last, a holiday's note beside its
date (a part of reports/agreement.py)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from app.agreements.document import AgreementDocument
from app.money import fmt
from reports.agreement_words import heading, unit
from reports.base import FONT, chunked, header_style, styles
from reports.cjk import Paragraph

# A Note column only when a due date is a public holiday (a plan with none prints as before); a
# column, not a footnote, so the note stays beside its date on whichever page the row lands.
PLAN_WIDTHS = (30 * mm, 60 * mm, 90 * mm)
NOTED_WIDTHS = (16 * mm, 30 * mm, 44 * mm, 90 * mm)  # 180 mm as well: A4's frame, within Letter's


def _note(zh: str, en: str) -> str:
    return f"{escape(zh)}<br/><font size=7 color='#555555'>{escape(en)}</font>"  # as a heading


def plan_tables(doc: AgreementDocument) -> list[Flowable]:
    """The plan in tables of ROWS_PER_TABLE rows (chunked), the total last.
    Cells are plain strings (drawn directly), not paragraphs: a 60-row plan stays fast (only a
    holiday's note is one: it wraps)."""
    cell = styles()["cell"]
    noted = any(r.holiday_note for r in doc.rows)
    head = [
        Paragraph(heading("No."), cell),
        Paragraph(heading("Due date"), cell),
        # The currency in each line's type: " (CNY)" stood after the small English in the
        # Chinese line's larger black type, and the Chinese line had none (found by QA).
        Paragraph(heading("Amount", unit(doc)), cell),
    ]
    body: list[list[Any]] = [[str(r.seq), f"{r.due_on:%Y-%m-%d}", fmt(r.amount)] for r in doc.rows]
    body.append(
        [Paragraph(f"<b>{heading('Total')}</b>", cell), "", fmt(sum(r.amount for r in doc.rows))]
    )
    if noted:
        head.append(Paragraph(heading("Note"), cell))
        for row, r in zip(body, doc.rows, strict=False):  # the total's row has none
            row.append(Paragraph(_note(*r.holiday_note), cell) if r.holiday_note else "")
        body[-1].append("")
    common = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]

    def make(start: int, end: int, headed: bool) -> Table:
        rows = body[start:end]
        data = [head, *rows] if headed else rows
        widths = NOTED_WIDTHS if noted else PLAN_WIDTHS
        table = Table(data, list(widths), repeatRows=1 if headed else 0)
        table.hAlign = "LEFT"
        amounts = ("ALIGN", (2, 1 if headed else 0), (2, -1), "RIGHT")
        table.setStyle(TableStyle([*common, *header_style(headed), amounts]))
        if end == len(body):  # the total
            table.setStyle([("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#eef2f6"))])
        return table

    return chunked(make, len(body))
