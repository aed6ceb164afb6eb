"""The Reports page's portfolio report for a past period: its By-agent table is the same before
and after an agent's deactivation hands their open cases back to the queue, and the note under
it says whose a loan is."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.accounts import deactivate_user
from app.models import User
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import generate, office_day, pdf_text, set_date

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def by_agent(path: Path) -> str:
    text = pdf_text(path)
    section = text[text.index("By agent") : text.index("By product", text.index("By agent"))]
    return re.sub(r"\s*\n\s*", " ", section)


def test_a_past_periods_by_agent_table_stays_after_a_deactivation(
    qtbot, database, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setCurrentIndex(page.kind.findData("portfolio"))
    page.language.setCurrentIndex(page.language.findData("en"))
    end = office_day(database) - dt.timedelta(days=11)
    set_date(page.start, end - dt.timedelta(days=29))
    set_date(page.end, end)
    preview = generate(qtbot, page)
    before = by_agent(preview.pdf_path)
    preview.close()
    with database.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert deactivate_user(s, admin, "agent03").cases > 0
    preview = generate(qtbot, page)
    assert by_agent(preview.pdf_path) == before
    assert "A loan counts for the agent who held its case at the end of the period" in before
    grab(preview, screenshot_dir / "reports_portfolio_by_agent.png")
    preview.close()
