"""The work queue's Agent filter and Assign… offer the agents as they are now: an account added
or deactivated in the Users dialog, or a course passed on the training page (its
qualification), reached the queue only when the window was opened again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.accounts import add_account, deactivate_user
from app.models import User
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _filter_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.agent.itemText(i) for i in range(1, page.agent.count())]


def test_an_account_added_or_deactivated_reaches_the_queue_at_once(qtbot, database) -> None:
    window = window_for(qtbot, database, "admin")
    page = window.queue
    window.show_page(page)
    before = _filter_names(page)
    assert "钱新" not in before
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        add_account(s, admin, "agent09", "agent", "Heron-2026!", display_name="钱新")
    window.hub.announce("user")  # as the Users dialog does after a change
    assert sorted(_filter_names(page)) == sorted([*before, "钱新"])
    assert "agent09" in [a.username for a in page.agents]  # what Assign… offers
    # The filter set to that agent, then the account deactivated: the filter falls back to all.
    page.agent.setCurrentIndex(page.agent.findText("钱新"))
    assert page.filter.agent_id is not None
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        deactivate_user(s, admin, "agent09")
    window.hub.announce("user")
    assert "钱新" not in _filter_names(page) and "agent09" not in [a.username for a in page.agents]
    assert page.agent.currentData() is None and page.filter.agent_id is None
