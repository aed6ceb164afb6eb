"""Found by QA closing a month on the demo office (session 35): the Reports page printed a
training roster dated ahead, calling lapsed a course still valid today; it now says why not,
under the form, and previews nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_reports_page import WAIT_MS, office_day, set_date

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "The as-of date {ahead} is after today ({today})."),
        ("zh_CN", "截至日期 {ahead} 晚于今天（{today}）。"),
    ],
)
def test_a_roster_dated_ahead_is_refused_under_the_form(
    qtbot, database, screenshot_dir, lang, words
) -> None:
    set_language(lang)
    window = window_for(qtbot, database)
    page = window.reports
    window.show_page(page)
    page.kind.setCurrentIndex(page.kind.findData("training"))
    today = office_day(database)
    ahead = today + dt.timedelta(days=60)
    set_date(page.as_of, ahead)
    page.generate_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=WAIT_MS)
    assert page.error.text() == words.format(ahead=ahead, today=today)
    assert page.preview is None and page.generate_button.isEnabled()
    grab(window, screenshot_dir / f"qa_month_end_roster_ahead_{lang}.png")
