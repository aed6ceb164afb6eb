"""The chance of recovery and the next action due in the window: the queue's score tip lists
them, the case page's breakdown says how each is reckoned in its tool tip, and Settings shows
their weights, bounded and saved like the others."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.cases.priority import FACTOR_NOTES
from app.i18n import set_language
from app.i18n import tr as _
from app.models import Case, CaseStatus
from tests.ui.test_queue import grab, login, open_office, window_for
from ui.table_fill import TIP, cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _reached_case(database) -> int:
    """An open case the rebuild found a recent payment or conversation on (its chance above the
    neutral sixth of the weight), not held by a pause or legal."""
    with database.sessions() as s:
        for case_id, breakdown in s.execute(
            select(Case.id, Case.score_breakdown).where(
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.PAUSED, CaseStatus.LEGAL])
            )
        ):
            if breakdown and breakdown.get("recovery_chance", 0) > 2:
                return int(case_id)
    raise AssertionError("the demo has no case with a recent payment or conversation")


def test_the_queue_and_the_case_page_show_and_explain_the_factors(
    qtbot, database, screenshot_dir
) -> None:
    window = window_for(qtbot, database)
    page = window.queue
    tip = page.model.data(page.model.index(0, 7), Qt.ItemDataRole.ToolTipRole)
    assert "Chance of recovery: +" in tip and "Next action due: +" in tip
    case_id = _reached_case(database)
    window.open_case(case_id)
    table = window.cases.breakdown
    labels = [cell_text(table, r, 0) for r in range(table.rowCount())]
    row = labels.index("Chance of recovery")
    assert int(cell_text(table, row, 1)) > 2
    assert table.model().index(row, 0).data(TIP) == FACTOR_NOTES["recovery_chance"]
    due = labels.index("Next action due")
    assert table.model().index(due, 0).data(TIP) == FACTOR_NOTES["action_due"]
    dpd = labels.index("Days past due")
    # Nothing but its own name, shown only when a narrow pane cuts the name short (ElidedTips).
    assert table.model().index(dpd, 0).data(TIP) in (None, "", "Days past due")
    points = [int(cell_text(table, r, 1)) for r in range(table.rowCount() - 1)]
    assert sum(points) == int(cell_text(table, table.rowCount() - 1, 1))
    window.cases.breakdown.scrollTo(table.model().index(row, 0))
    grab(window, screenshot_dir / "case_page_recovery.png")


def test_the_factors_read_in_chinese_on_the_case_page(qtbot, database, screenshot_dir) -> None:
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        window.open_case(_reached_case(database))
        table = window.cases.breakdown
        labels = [cell_text(table, r, 0) for r in range(table.rowCount())]
        row = labels.index("回收可能性")
        assert "30 天" in table.model().index(row, 0).data(TIP)
        assert "下次行动已到期" in labels
        grab(window, screenshot_dir / "case_page_recovery_zh_CN.png")
    finally:
        set_language("en")


def test_settings_shows_bounds_and_saves_the_new_weights(qtbot, database) -> None:
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    chance = dialog.fields["priority.weight.recovery_chance"]
    due = dialog.fields["priority.weight.action_due"]
    assert (chance.value(), due.value()) == (10, 5)
    assert (chance.minimum(), chance.maximum()) == (0, 100)
    form = dialog.forms["rules"]
    label = form.labelForField(chance)
    assert label is not None and label.text() == _("Chance of recovery") + _(":")
    chance.setValue(20)
    due.setValue(0)  # turned off
    result = dialog.try_save()
    assert result is not None
    assert {"priority.weight.recovery_chance", "priority.weight.action_due"} <= set(result.changed)
    with database.sessions() as s:
        assert settings.get(s, "priority.weight.recovery_chance") == 20
        assert settings.get(s, "priority.weight.action_due") == 0
