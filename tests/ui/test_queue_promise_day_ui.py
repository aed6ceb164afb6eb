"""The Work queue page shows a pending promise's next action as the day it falls due: a promise
due tomorrow reads "Waiting until <tomorrow>" (等到 …), one due on the queue date its date alone,
listed with the cases due now — not the day after (found by QA). The demo office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import settings
from app.cases.rebuild import rebuild_queue
from app.i18n import set_language
from app.models import Case, CaseStatus, Promise, PromiseStatus, User
from app.promises import create_promise
from tests.ui.shots import grab
from tests.ui.test_queue import open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
NEXT_ACTION = 10


@pytest.fixture
def office(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    """The demo office, two cases without a promise given one due on the queue date and one due
    the day after: (database, {case id: due date}, queue date)."""
    for db in open_office(request, tmp_path):
        with db.session() as s:
            day = settings.as_of(s)
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            pending = select(Promise.case_id).where(Promise.status == PromiseStatus.PENDING)
            cases = s.scalars(
                select(Case)
                .where(Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]))
                .where(Case.id.not_in(pending))
                .order_by(Case.id)
                .limit(2)
            ).all()
            dues = {}
            for case, due in zip(cases, (day, day + dt.timedelta(days=1)), strict=True):
                create_promise(s, boss, case, 50_000, due, today=day - dt.timedelta(days=1))
                dues[case.id] = due
            rebuild_queue(s, None)
        yield db, dues, day


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_promise_waits_until_the_day_it_falls_due(qtbot, office, screenshot_dir, lang) -> None:  # type: ignore[no-untyped-def]
    database, dues, day = office
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.queue
        window.show_page(page)
        ids = page.model.ids()
        for case_id, due in dues.items():
            n = ids.index(case_id)
            row = page.model.row_data(n)
            assert row.next_action_on == due
            text = cell_text(page.table, n, NEXT_ACTION)
            if due == day:  # due now: its date alone, not waiting
                assert not row.waiting and text == due.isoformat(), text
            else:
                word = "Waiting until {}" if lang == "en" else "等到 {}"
                assert row.waiting and text == word.format(due.isoformat()), text
        grab(window, screenshot_dir / f"queue_promise_day_{lang}.png")
    finally:
        set_language("en")
