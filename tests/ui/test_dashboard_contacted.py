"""The dashboard's Contacted today tile: the open cases with a contact logged on the office's
today, with the contacts, conversations and promises taken as its detail, for the cases the user
sees; a click opens the work queue filtered to the same cases, which any filter change ends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.i18n import set_language
from app.queries.cases import QueueFilter, queue_ids
from app.queries.dashboard import dashboard
from tests.contacts_today import seed_todays_contacts
from tests.ui.test_queue import login
from tests.ui.test_queue import window_for as queue_window

pytestmark = pytest.mark.gui


@pytest.fixture
def office(demo_db):
    return seed_todays_contacts(demo_db)


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_the_tile_counts_todays_contacts_and_opens_those_cases(
    qtbot, qapp, office, username, screenshot_dir
) -> None:
    from ui.app import application

    application()
    with office.sessions() as s:
        done = dashboard(s, login(office, username)).today
    window = queue_window(qtbot, office, username)
    window.show_page(window.dashboard)
    tile = window.dashboard.tiles["contacted"]
    assert tile.value.text() == f"{done.cases:,}"
    detail = tile.detail.text()
    assert f"{done.contacts:,} contact" in detail
    assert f"{done.conversations:,} conversation" in detail
    assert f"{done.promises:,} promise" in detail
    window.grab().save(str(screenshot_dir / f"dashboard_contacted_{username}.png"))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    queue = window.queue
    assert window.stack.currentWidget() is queue
    assert queue.filter.contacted_today
    assert queue.model.rowCount() == done.cases
    with office.sessions() as s:
        expected = queue_ids(s, login(office, username), QueueFilter(contacted_today=True))
    assert queue.model.ids() == expected
    assert "contact logged today" in queue.message.text()
    queue.unassigned.setChecked(True)  # any change ends the tile's filter
    assert not queue.filter.contacted_today


def test_the_tile_reads_in_chinese(qtbot, qapp, office, screenshot_dir) -> None:
    from ui.app import application

    application()
    set_language("zh_CN")
    try:
        window = queue_window(qtbot, office, "supervisor")
        window.show_page(window.dashboard)
        tile = window.dashboard.tiles["contacted"]
        assert tile.title.text() == "今天已联系"
        assert "未结案件；联系" in tile.detail.text() and "通话" in tile.detail.text()
        window.grab().save(str(screenshot_dir / "dashboard_contacted_zh_CN.png"))
    finally:
        set_language("en")
