"""The draft dialog's plan table on the demo office: a generated date that fell on a public
holiday shows where it was moved from and why, in English and Chinese; the user may still type
the holiday itself, which is kept and said to be one. The holiday is the first one (from the
holidays library) a month or more after the office's today, so the test runs on any day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import holidays
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.agreements.holiday_dates import next_open_day
from app.i18n import set_language
from app.loans.schedule import add_months
from tests.ui.cells import cell_flags, header_text, type_text
from tests.ui.test_agreements import dialog_for, free_cases, stored
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text
from ui.widgets import qdate

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _holiday(today: dt.date, language: str) -> tuple[dt.date, str]:
    """The first CN holiday 40 days or more after `today` (on a day every month has) and its
    name in `language`."""
    years = [today.year, today.year + 1]
    cn = dict(holidays.country_holidays("CN", years=years, language=language).items())
    day = min(d for d in cn if d >= today + dt.timedelta(days=40) and d.day <= 28)
    return day, cn[day]


def _plan(dialog) -> list[tuple[str, str]]:
    table = dialog.plan
    return [(cell_text(table, n, 0), cell_text(table, n, 2)) for n in range(table.rowCount())]


def _moved_plan(qtbot, database, language: str):  # type: ignore[no-untyped-def]
    """agent01's draft dialog on a free case, planned in three payments from a month before the
    next holiday (its second date moved off it); the dialog, the holiday and its name."""
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, free_cases(database)[0])
    holiday, name = _holiday(dialog.today, language)
    dialog.count.setValue(3)
    dialog.start.setDate(qdate(add_months(holiday, -1)))  # the plan follows at once
    return dialog, holiday, name


def test_a_moved_date_is_noted_and_a_typed_holiday_kept(qtbot, database, screenshot_dir) -> None:
    dialog, holiday, name = _moved_plan(qtbot, database, "en_US")
    assert dialog.terms.holiday_country == "CN"  # the demo office's rule set
    assert header_text(dialog.plan, 2) == "Note"
    moved = next_open_day("CN", holiday)
    plan = _plan(dialog)
    assert plan[1] == (f"{moved:%Y-%m-%d}", f"moved from {holiday:%Y-%m-%d}: {name}")
    assert moved != holiday and dialog.save_button.isEnabled()
    # The note is not for editing.
    assert not cell_flags(dialog.plan, 1, 2) & Qt.ItemFlag.ItemIsEditable
    grab(dialog, screenshot_dir / "agreement_dialog_holiday_moved.png")

    # The agent types the holiday back: kept as typed, and said to be a holiday.
    type_text(dialog.plan, 1, 0, f"{holiday:%Y-%m-%d}")
    assert _plan(dialog)[1] == (f"{holiday:%Y-%m-%d}", f"a public holiday: {name}")
    assert dialog.save_button.isEnabled()
    # Typed back to the moved date, the move is told again.
    type_text(dialog.plan, 1, 0, f"{moved:%Y-%m-%d}")
    assert _plan(dialog)[1][1].startswith("moved from")
    type_text(dialog.plan, 1, 0, f"{holiday:%Y-%m-%d}")
    # A new agreed amount keeps the dates, and their notes.
    lower = dialog.terms.debt - 10_000
    dialog.amount.setText(f"{lower // 100}.{lower % 100:02d}")
    assert _plan(dialog)[1] == (f"{holiday:%Y-%m-%d}", f"a public holiday: {name}")
    grab(dialog, screenshot_dir / "agreement_dialog_holiday_typed.png")
    assert dialog.try_save() is True
    saved = stored(database, dialog.agreement_no)
    assert saved.instalments[1].due_on == holiday


def test_the_note_in_chinese(qtbot, database, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        dialog, holiday, name = _moved_plan(qtbot, database, "zh_CN")
        moved = next_open_day("CN", holiday)
        assert _plan(dialog)[1] == (f"{moved:%Y-%m-%d}", f"由 {holiday:%Y-%m-%d}（{name}）顺延")
        assert header_text(dialog.plan, 2) == "备注"
        grab(dialog, screenshot_dir / "agreement_dialog_holiday_zh_CN.png")
        type_text(dialog.plan, 1, 0, f"{holiday:%Y-%m-%d}")
        assert _plan(dialog)[1][1] == f"法定节假日：{name}"
    finally:
        set_language("en")


def test_a_moved_dates_note_wraps_whole_in_a_narrow_dialog(qtbot, database, screenshot_dir) -> None:
    """The note ("moved from 2027-02-07: Chinese New Year (Spring Festival)") wrapped in a
    narrow dialog, or at a big font, but its row kept one line's height: the second half was cut
    (found by tests/ui/test_big_text.py on a day whose plan met the Spring Festival)."""
    from tests.ui.test_layout_timeline import text_fits

    dialog, _holiday_day, _name = _moved_plan(qtbot, database, "en_US")
    assert _plan(dialog)[1][1].startswith("moved from")
    dialog.resize(dialog.minimumSizeHint().width(), dialog.height())
    qtbot.waitUntil(lambda: dialog.plan.viewport().width() < 420, timeout=2000)
    QApplication.processEvents()
    assert text_fits(dialog.plan, 1, 2), dialog.plan.rowHeight(1)
    grab(dialog, screenshot_dir / "agreement_dialog_note_wrapped.png")
    # Widened again, the row goes back to one line.
    dialog.resize(dialog.width() + 600, dialog.height())
    QApplication.processEvents()
    assert dialog.plan.rowHeight(1) == dialog.plan.rowHeight(0)
