"""An agent whose required training has lapsed is told so at the top of their work queue, with
the courses to pass again; the notice goes once they pass them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from app.training.status import WorkKind, office_training
from tests.ui.test_queue import grab, open_office, train, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _agents(database) -> tuple[str, list[str], str]:
    """(an agent unfit for phone work, their lapsed or missing courses, a fit agent)."""
    with database.sessions() as s:
        states = office_training(s, dt.date.today())
    unfit = next(a for a in states if a.missing_for(WorkKind.PHONE))
    fit = next(a for a in states if a.qualified(WorkKind.PHONE) and a.qualified(WorkKind.FIELD))
    return unfit.username, [c.name_en for c in unfit.missing_for(WorkKind.PHONE)], fit.username


def test_an_agent_is_told_their_training_lapsed(qtbot, database, screenshot_dir) -> None:
    unfit, courses, fit = _agents(database)
    window = window_for(qtbot, database, unfit)
    notice = window.queue.training_notice
    qtbot.waitUntil(notice.isVisible)
    assert "phone and field work" in notice.text()
    # The office's rule set (CN) holds their calls for a supervisor meanwhile; the notice says so.
    assert notice.text().endswith(
        "again. Until then, each call, SMS or letter you make needs a supervisor's override."
    )
    assert all(course in notice.text() for course in courses)
    grab(window, screenshot_dir / "queue_training_notice.png")
    train(database, unfit)
    window.queue.hub.changed.emit({"training"})
    qtbot.waitUntil(lambda: not notice.isVisible())

    fine = window_for(qtbot, database, fit).queue.training_notice
    QApplication.processEvents()
    assert fine is not None and not fine.isVisible()
    assert window_for(qtbot, database).queue.training_notice is None  # a supervisor's queue


def test_the_notice_in_chinese(qtbot, database, screenshot_dir) -> None:
    unfit, _courses, _fit = _agents(database)
    with database.sessions() as s:
        user = s.scalar(select(User).where(User.username == unfit))
        states = office_training(s, dt.date.today(), [user.id])
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, unfit)
        notice = window.queue.training_notice
        qtbot.waitUntil(notice.isVisible)
        assert notice.text().startswith("您的电话催收与上门所需培训已过期或缺失（")
        assert all(c.name_zh in notice.text() for c in states[0].missing_for(WorkKind.PHONE))
        assert notice.text().endswith(
            "上门任务给您。在此之前，您的每次电话、短信或信函都须经主管特批。"
        )
        grab(window, screenshot_dir / "queue_training_notice_zh_CN.png")
    finally:
        set_language("en")
