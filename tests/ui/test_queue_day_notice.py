"""The Work queue page says which day its figures are of while the queue date is not the office's
today (QA at month end: with the queue date 30 Nov the page's M1 count differed from the
portfolio report of 1 Dec and nothing on the page said why): absent on a normal day, present with
a past queue date saved in Settings, and gone when the setting is back to today, all without
reopening. Saving a queue date rebuilds the queue at once, off the GUI thread, as Rebuild queue
does (the cases kept the old day's figures, the notice amber, until someone pressed it); a queue
date saved without a rebuild still says Rebuild queue (an agent: a supervisor's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import sentences, set_language, tr
from app.models import Case, CaseStatus, User
from tests.office_day import office_today
from tests.ui.shots import grab
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui
PAST_DAYS = 6


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _save_queue_date(window, day: dt.date | None, shot: Path | None = None) -> None:
    """Settings… as a supervisor does it: the Queue date field, saved, the window told."""
    from ui.date_widgets import set_optional_day
    from ui.dialogs.settings import TABS, SettingsDialog

    dialog = SettingsDialog(window.database, window.user, window)
    try:
        set_optional_day(dialog.fields["queue.as_of"], day)
        if shot is not None:
            dialog.tabs.setCurrentIndex([key for key, _t in TABS].index("queue"))
            dialog.show()
            dialog.grab().save(str(shot))
        result = dialog.try_save()
        assert result is not None and result.changed == ["queue.as_of"]
        window.settings_saved(result)
    finally:
        dialog.deleteLater()


def _rebuilt(qtbot, page) -> None:
    """Saving the queue date started Rebuild queue by itself: wait for it to finish."""
    assert page.worker is not None and not page.rebuild_button.isEnabled()
    qtbot.waitUntil(lambda: page.rebuild_button.isEnabled(), timeout=30_000)


def _computed_on(database) -> set[dt.date | None]:  # type: ignore[no-untyped-def]
    """The days the open cases' figures are computed as of, as stored."""
    with database.sessions() as s:
        return set(
            s.scalars(
                select(Case.computed_as_of).where(Case.status != CaseStatus.CLOSED).distinct()
            )
        )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_saving_a_queue_date_rebuilds_the_queue_to_it(
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
        _save_queue_date(window, past, screenshot_dir / f"queuedate2-settings-{lang}.png")
        _rebuilt(qtbot, page)
        assert _computed_on(database) == {past}
        assert notice.isVisible()
        first = tr("The queue date is {date}; today is {today}.", date=past, today=today)
        assert notice.text() == sentences(
            [first, tr("Days past due, buckets and amounts overdue are as of {date}.", date=past)]
        )
        assert page.message.isVisible() and past.isoformat() in page.message.text()  # as rebuilt
        grab(window, screenshot_dir / f"queuedate2-rebuilt-{lang}.png")
        _save_queue_date(window, None)  # back to today
        _rebuilt(qtbot, page)
        assert _computed_on(database) == {today}
        assert not notice.isVisible()
        grab(window, screenshot_dir / f"queuedate2-today-{lang}.png")
    finally:
        set_language("en")


def test_an_agent_is_told_a_supervisors_rebuild(qtbot, database, screenshot_dir) -> None:
    """A queue date saved without a rebuild (by `settings.put`, as an older workstation did)."""
    from app import settings

    past = office_today() - dt.timedelta(days=PAST_DAYS)
    with database.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        settings.put(s, supervisor, "queue.as_of", past.isoformat())
    window = window_for(qtbot, database, "agent01")
    window.show_page(window.queue)
    notice = window.queue.day_notice
    assert notice.isVisible()
    assert "a supervisor's Rebuild queue brings them to" in notice.text()
    assert window.queue.rebuild_button.isHidden()
    grab(window, screenshot_dir / "queuedate-agent-en.png")
