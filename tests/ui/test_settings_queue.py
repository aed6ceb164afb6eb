"""The Settings dialog has what `casedesk settings set` has: the queue date (shown as Today when
unset, set back to Today there), the field stage, assigning by capacity and the priority's full
values. Before, a queue date set from the command line could be neither seen nor undone in the
window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app import settings
from app.office import office_today
from tests.ui.test_queue import login, open_office
from ui.date_widgets import qdate

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _dialog(qtbot, database, username: str = "supervisor"):
    from ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(database, login(database, username))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_queue_settings_are_in_the_window(qtbot, database) -> None:
    with database.sessions() as s:
        today = office_today(s)
    dialog = _dialog(qtbot, database)
    f = dialog.fields
    assert f["queue.as_of"].text() == "Today"
    f["queue.as_of"].setDate(qdate(today - dt.timedelta(days=3)))
    f["queue.field_stage_min_dpd"].setValue(45)
    f["assign.capacity_per_agent"].setValue(250)
    f["priority.full.amount_overdue"].setValue(80_000)
    assert dialog.try_save() is not None
    with database.sessions() as s:
        assert settings.get(s, "queue.as_of") == (today - dt.timedelta(days=3)).isoformat()
        assert settings.get(s, "queue.field_stage_min_dpd") == 45
        assert settings.get(s, "assign.capacity_per_agent") == 250
        assert settings.get(s, "priority.full.amount_overdue") == 8_000_000  # minor units

    again = _dialog(qtbot, database)  # the stored date is shown, and Today undoes it
    assert again.fields["queue.as_of"].text() == (today - dt.timedelta(days=3)).isoformat()
    again.fields["queue.as_of"].setDate(again.fields["queue.as_of"].minimumDate())
    assert again.try_save() is not None
    with database.sessions() as s:
        assert settings.get(s, "queue.as_of") is None


def test_a_queue_date_after_today_is_refused_under_its_field(qtbot, database) -> None:
    with database.sessions() as s:
        today = office_today(s)
    dialog = _dialog(qtbot, database, "admin")
    dialog.fields["queue.as_of"].setDate(qdate(today + dt.timedelta(days=1)))
    assert dialog.try_save() is None
    error = dialog.forms["queue"].errors["queue.as_of"]
    assert error.isVisibleTo(dialog) and "cannot be after today" in error.text()
    assert dialog.tabs.currentWidget().objectName() == "tab:queue"
    with database.sessions() as s:
        assert settings.get(s, "queue.as_of") is None


def test_new_priority_weights_reorder_the_queue_at_once(qtbot, database) -> None:
    """Saving a weight starts Rebuild queue, as a new queue date does: the score is only computed
    by a rebuild, and the day's first one skips a queue already of its date, so the cases kept
    their old order and breakdown for the rest of the day."""
    from sqlalchemy import select

    from app.models import Case, CaseStatus
    from tests.ui.test_queue import window_for

    def dpd_points() -> set[int]:
        with database.sessions() as s:
            found = s.scalars(select(Case.score_breakdown).where(Case.status != CaseStatus.CLOSED))
            return {breakdown["dpd"] for breakdown in found}

    assert dpd_points() != {0}
    window = window_for(qtbot, database)
    window.show_page(window.queue)
    dialog = _dialog(qtbot, database)
    dialog.fields["priority.weight.dpd"].setValue(0)
    result = dialog.try_save()
    assert result is not None and result.changed == ["priority.weight.dpd"]
    window.settings_saved(result)
    page = window.queue
    assert page.worker is not None and not page.rebuild_button.isEnabled()
    qtbot.waitUntil(lambda: page.rebuild_button.isEnabled(), timeout=30_000)
    assert dpd_points() == {0}
