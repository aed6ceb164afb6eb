"""QA (a supervisor's week): a supervisor turns an agent's draft down with a reason. The agent's
Agreements page said "Cancelled on 2026-12-05." and the reason, but not who cancelled it, while
the approval beside it named the approver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Agreement, AgreementStatus, User
from tests.office_day import office_today
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _a_draft(database) -> tuple[int, str]:
    """A draft of the demo office and its drafter's user name."""
    with database.sessions() as s:
        draft = s.scalar(
            select(Agreement)
            .where(Agreement.status == AgreementStatus.DRAFT)
            .order_by(Agreement.id)
            .limit(1)
        )
        assert draft is not None
        drafter = s.get(User, draft.drafted_by_id)
        assert drafter is not None
        return draft.id, drafter.username


def test_the_drafter_sees_who_cancelled_the_draft_and_why(qtbot, database, screenshot_dir):
    agreement_id, drafter = _a_draft(database)
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(agreement_id)
    assert page.cancel_selected("减免过大，请按 6 期重新起草") is True
    today = office_today()
    supervisor = window.user.display_name

    agent_window = window_for(qtbot, database, drafter)
    mine = agent_window.agreements
    agent_window.show_page(mine)
    mine.set_status(None)
    assert mine.select(agreement_id)
    lines = mine.summary.text().splitlines()
    assert f"Cancelled on {today} by {supervisor}." in lines
    assert "Cancelled: 减免过大，请按 6 期重新起草" in lines
    grab(agent_window, screenshot_dir / "agreement_cancelled_by.png")
