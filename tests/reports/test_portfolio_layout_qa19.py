"""The portfolio report's layout, from a QA pass: the note under the by-agent table stands clear
of the table, as the note under the recovery table does (it touched the table's last row)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from reports.portfolio import render_portfolio
from tests.office_day import office_today
from tests.reports.test_portfolio_report import gather


def baselines(data: bytes, *starts: str) -> dict[str, tuple[int, float]]:
    """(page, baseline height in points) of the first line starting with each of `starts`."""
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):

        def seen(text, cm, tm, _font, _size, number=number) -> None:  # type: ignore[no-untyped-def]
            for start in starts:
                if text.strip().startswith(start) and start not in found:
                    found[start] = (number, tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=seen)
    return found


def test_the_by_agent_note_stands_clear_of_its_table(demo_db) -> None:
    end = office_today() - dt.timedelta(days=1)
    report = gather(demo_db, as_of=end, start=end - dt.timedelta(days=30), end=end)
    out = io.BytesIO()
    render_portfolio(report, out, "en")
    last_agent = report.agents[-1].agent or "Unassigned"
    at = baselines(out.getvalue(), "Total", "All paid on", last_agent, "Most collected first")
    recovery_gap = at["Total"][1] - at["All paid on"][1]
    agent_gap = at[last_agent][1] - at["Most collected first"][1]
    assert at[last_agent][0] == at["Most collected first"][0]  # the same page
    assert agent_gap >= recovery_gap - 0.5, (agent_gap, recovery_gap)
