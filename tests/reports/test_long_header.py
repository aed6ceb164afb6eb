"""A running header stays on its page: found by QA, a daily visit sheet for an agent whose name
is at its 120-character maximum drew its subtitle (the agent and the day) from off the page's
left edge, over the office and the title. The name is cut with "…", the user name and the day
kept; any subtitle takes at most half the line (reports/base.py)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from reportlab.lib.units import mm

from app.queries.visits import VisitSheet
from reports.visit_sheet import render_visit_sheet

NAME = ("Montgomery-Smithson Fitzwilliam " * 4)[:120]


def _header_pieces(data: bytes) -> list[tuple[float, str]]:
    """The texts drawn on the first page's header line, with the x at which each starts."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    top = float(page.mediabox.height) - 10 * mm
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if text.strip() and abs(y - top) < 1:
            found.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(found)


def test_a_long_agent_name_is_cut_in_the_header_not_drawn_off_the_page() -> None:
    sheet = VisitSheet(
        office_name="Huipu Finance · Demo branch",
        safety_contact="Supervisor on duty 400-800-0000",
        agent_username="agent03",
        agent_name=NAME,
        agent_phone="+8613800000000",
        day=dt.date(2026, 12, 7),
        timezone="Asia/Shanghai",
        generated_at=dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC),
        visits=[],
    )
    buf = io.BytesIO()
    render_visit_sheet(sheet, buf, "en")
    (left_x, left), (right_x, right) = _header_pieces(buf.getvalue())
    assert left == "Huipu Finance · Demo branch · Daily visit sheet"  # whole: there is room
    assert left_x >= 15 * mm - 1 and right_x > left_x + 100 * mm  # apart, not over each other
    assert right.endswith("… (agent03) · 2026-12-07") and right.startswith("Montgomery-Smithson")


def test_any_subtitle_takes_at_most_its_room_keeping_its_end() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reports.base import FONT, fitted_end, register_fonts

    register_fonts()
    assert fitted_end("Period 2026-11-01 to 2026-11-30", 200) == "Period 2026-11-01 to 2026-11-30"
    cut = fitted_end("催收员" * 60 + " · 2026-12-07", 90 * mm)
    assert cut.startswith("…") and cut.endswith(" · 2026-12-07")
    assert stringWidth(cut, FONT, 8) <= 90 * mm
