"""The dashboard's "Training expiring" tile opens the Agents & training page's "expiring" list,
and both hold an agent with one course lapsed and another expiring within 30 days (counted only
as lapsed before: the supervisor booking refreshers never saw the expiring course)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.i18n import tr as _
from app.loans.schedule import add_months
from app.models import Course
from app.training import CourseStatus
from app.training.history import training_history, update_record
from tests.ui.test_dashboard import _click_tile, _figures, window_for
from tests.ui.test_queue import grab, login, open_office
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _lapsed_and_expiring(database) -> str:
    """A demo agent with a lapsed course whose valid pass on another runs out in 9 days."""
    from app import settings
    from app.training import office_training

    with database.sessions() as s:
        day = settings.as_of(s)
        agent = next(
            a
            for a in office_training(s, day)
            if any(c.status is CourseStatus.LAPSED for c in a.courses)
        )
        other = next(c for c in agent.courses if c.status is CourseStatus.VALID)
        record = next(
            r
            for r in training_history(s, agent.agent_id)
            if r.course_id == other.course_id and r.expires_on == other.expires_on
        )
        months = s.get_one(Course, other.course_id).validity_months
    with database.session() as s:
        update_record(
            s,
            login(database, "supervisor"),
            record.record_id,
            taken_on=add_months(day + dt.timedelta(days=10), -months),
            score=record.score,
            trainer=record.trainer,
            evidence=record.evidence,
            today=day,
        )
    return agent.username


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_tile_and_the_page_list_an_agent_also_lapsed(
    qtbot, database, lang, screenshot_dir
) -> None:
    username = _lapsed_and_expiring(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.dashboard
        d = _figures(database)
        assert d.training_expiring >= 1
        tile = page.tiles["training_expiring"]
        assert tile.value.text() == f"{d.training_expiring:,}"
        assert tile.detail.text() == _("agents with a course expiring within 30 days")
        grab(window, screenshot_dir / f"training_expiring_tile_{lang}.png")
        _click_tile(qtbot, page, "training_expiring")
        training = window.training
        assert window.stack.currentWidget() is training
        assert training.filter.currentData() == "expiring"
        assert training.filter.currentText() == _("A course expiring within 30 days")
        assert training.table.rowCount() == d.training_expiring
        assert training.select_agent(username)  # lapsed overall, listed for its expiring course
        overall = cell_text(training.table, training.table.currentRow(), 2)
        assert overall == _("Lapsed")
        grab(window, screenshot_dir / f"training_expiring_list_{lang}.png")
    finally:
        set_language("en")
