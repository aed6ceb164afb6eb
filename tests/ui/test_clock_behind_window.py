"""The window on a computer whose clock was set back (QA s46 I-2): at login a box that must be
acknowledged names this computer's time, the office's last recorded work and what to do; the
status bar keeps a warning while it lasts (the minute's check takes it down once the clock is
past the last work). English and Chinese. The office's last work is put two days after this
moment: no hour or day matters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.i18n import set_language
from app.models.base import acting_at
from app.office import office_zone
from app.wall_clock import wall_time
from tests.core.test_clock_behind import work_recorded_at
from tests.ui.test_queue import grab, open_office, window_for
from ui.clock_behind_notice import BOX, LABEL
from ui.start_checks import start_checks

pytestmark = pytest.mark.gui

SAID = {
    "en": ("This computer's clock says {now}, but the office's last work was recorded at {last}.",),
    "zh_CN": ("本机时钟显示为 {now}，但营业部最近一次工作记录于 {last}。",),
}
FIX = {"en": "Set this computer's date and time right", "zh_CN": "请先把本机的日期和时间改正"}
SHORT = {"en": "is earlier than the office's last recorded work", "zh_CN": "早于营业部最近一次"}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _box(window) -> QMessageBox | None:  # type: ignore[no-untyped-def]
    return next((b for b in window.findChildren(QMessageBox) if b.objectName() == BOX), None)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_login_warns_and_the_status_bar_keeps_it(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    last = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(days=2)
    work_recorded_at(database, last)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        start_checks(window, database, window.user)
        box = _box(window)
        assert box is not None and box.isVisible()
        assert box.windowModality() == Qt.WindowModality.ApplicationModal  # to be acknowledged
        with database.sessions() as s:
            zone = office_zone(s)
        assert f"{wall_time(last, zone)}" in box.text()
        assert SAID[lang][0].split("{now}")[0] in box.text() and FIX[lang] in box.text()
        grab(box, screenshot_dir / f"clock_behind_box_{lang}.png")
        label = window.statusBar().findChild(QLabel, LABEL)
        assert label is not None and label.isVisible() and SHORT[lang] in label.text()
        assert FIX[lang] in label.toolTip()
        box.button(QMessageBox.StandardButton.Ok).click()
        assert not box.isVisible()
        grab(window, screenshot_dir / f"clock_behind_window_{lang}.png")
        # Each minute's check keeps it while the clock is behind, takes it down once past.
        window.day_watch.check()
        assert window.statusBar().findChild(QLabel, LABEL) is not None
        with acting_at(last + dt.timedelta(hours=1)):
            window.day_watch.check()
        QApplication.processEvents()
        shown = window.statusBar().findChild(QLabel, LABEL)
        assert shown is None or not shown.isVisible()
        assert _box(window) is None or not _box(window).isVisible()  # no box after login
    finally:
        set_language("en")


def test_a_sound_clock_shows_nothing(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database)
    start_checks(window, database, window.user)
    assert _box(window) is None
    assert window.statusBar().findChild(QLabel, LABEL) is None


HELD = {
    "en": (
        "Today, {today}, by this computer's clock, which is behind; days past due, buckets and "
        "amounts overdue as of {built}",
        "This computer's clock is behind: days past due, buckets and amounts overdue are as of "
        "{built}, the day the queue was last built for",
    ),
    "zh_CN": (
        "今天，{today}（以本机时钟计，该时钟落后）；逾期天数、账龄段和逾期金额按 {built} 计",
        "本机时钟落后：逾期天数、账龄段和逾期金额仍按 {built}（队列最近一次重建所按的日期）计",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_kept_figures_say_their_day(qtbot, database, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    """QA s46 J-2: while the clock is behind, the start rebuild waits and the pages show the
    stored figures: the dashboard's heading and the Work queue's notice say which day those
    count (as `casedesk dashboard` and `queue` do)."""
    from app.office import office_today
    from tests.core.test_clock_behind import built_ahead

    built = built_ahead(database)
    with database.sessions() as s:
        today = office_today(s)
    heading, notice = (t.format(today=today, built=built) for t in HELD[lang])
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        window.show_page(window.dashboard)
        QApplication.processEvents()
        assert window.dashboard.heading.text() == heading
        grab(window, screenshot_dir / f"clock_behind_dashboard_{lang}.png")
        window.show_page(window.queue)
        shown = window.queue.day_notice
        assert shown.isVisible() and shown.text().startswith(notice)
        grab(window, screenshot_dir / f"clock_behind_queue_{lang}.png")
    finally:
        set_language("en")
