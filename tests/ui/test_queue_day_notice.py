"""The Work queue page says which day its figures are of while the queue date is not the office's
today (QA at month end: with the queue date 30 Nov the page's M1 count differed from the
portfolio report of 1 Dec and nothing on the page said why): absent on a normal day, present with
a past queue date saved in Settings, with Rebuild queue while the open cases are still of today,
without it once rebuilt, and gone when the setting is back to today, all without reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language, tr
from tests.office_day import office_today
from tests.ui.shots import grab
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui
PAST_DAYS = 6


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _save_queue_date(window, day: dt.date | None) -> None:
    """Settings… as a supervisor does it: the Queue date field, saved, the window told."""
    from ui.date_widgets import set_optional_day
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    try:
        set_optional_day(dialog.fields["queue.as_of"], day)
        result = dialog.try_save()
        assert result is not None and result.changed == ["queue.as_of"]
        window.settings_saved(result)
    finally:
        dialog.deleteLater()


def _rebuild(qtbot, page) -> None:
    page.rebuild()
    qtbot.waitUntil(lambda: page.rebuild_button.isEnabled(), timeout=30_000)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_notice_says_the_queue_date_and_the_rebuild(
    qtbot, database, lang, screenshot_dir
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.show_page(window.queue)
        page = window.queue
        notice = page.day_notice
        assert not notice.isVisible()  # a normal day: nothing to say
        today = office_today()
        past = today - dt.timedelta(days=PAST_DAYS)
        _save_queue_date(window, past)
        assert notice.isVisible()
        first = tr("The queue date is {date}; today is {today}.", date=past, today=today)
        stale = tr(
            "Days past due, buckets and amounts overdue are still as of {computed}: "
            "Rebuild queue brings them to {date}.",
            computed=today,
            date=past,
        )
        assert notice.text().startswith(first)
        assert stale in notice.text()
        grab(window, screenshot_dir / f"queuedate-before-rebuild-{lang}.png")
        _rebuild(qtbot, page)
        assert notice.isVisible()
        assert notice.text().startswith(first)
        assert stale not in notice.text()
        assert tr("Days past due, buckets and amounts overdue are as of {date}.", date=past) in (
            notice.text()
        )
        grab(window, screenshot_dir / f"queuedate-rebuilt-{lang}.png")
        _save_queue_date(window, None)  # back to today
        assert not notice.isVisible()
    finally:
        set_language("en")


def test_an_agent_is_told_a_supervisors_rebuild(qtbot, database, screenshot_dir) -> None:
    supervisor = window_for(qtbot, database)
    past = office_today() - dt.timedelta(days=PAST_DAYS)
    _save_queue_date(supervisor, past)
    window = window_for(qtbot, database, "agent01")
    window.show_page(window.queue)
    notice = window.queue.day_notice
    assert notice.isVisible()
    assert "a supervisor's Rebuild queue brings them to" in notice.text()
    assert window.queue.rebuild_button.isHidden()
    grab(window, screenshot_dir / "queuedate-agent-en.png")
