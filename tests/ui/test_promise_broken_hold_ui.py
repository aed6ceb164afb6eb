"""The broken promise's hold in the window: a promise made after a breach on a loan the plan had
brought up to date, a reminder call before its due date, nothing paid. The queue filtered to
"Promise broken" lists the case and the case page shows it so (it was closed as cured: the
reminder had used the hold up), in en and zh_CN, with screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.auth import authenticate
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, build_office
from tests.core.test_promise_broken_hold import broken_after_reminder
from tests.ui.shots import grab

pytestmark = pytest.mark.gui


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_office(database)
    with database.session() as s:
        broken_after_reminder(s)
    yield database
    database.close()


def test_the_queue_and_the_case_page_show_the_promise_broken(
    qtbot, office, lang, screenshot_dir
) -> None:
    from ui.main_window import MainWindow

    with office.sessions() as s:
        case = _case(s, "L2")
        case_id, case_no = case.id, case.case_no
    window = MainWindow(office, authenticate(office.sessions, "supervisor", "pw-sup"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    queue = window.queue
    window.show_page(queue)
    queue.status.setCurrentIndex(queue.status.findData("promise_broken"))
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    (row,) = queue.model.all_rows()
    assert (row.case_no, row.status) == (case_no, "promise_broken")
    column = [c.header for c in queue.model.columns].index("Status")
    shown = queue.model.index(0, column).data()
    assert shown == ("承诺违约" if lang == "zh_CN" else "Promise broken")
    grab(window, screenshot_dir / f"promise-broken-hold-queue-{lang}.png")

    window.open_case(case_id)
    page = window.cases
    assert page.detail is not None and page.detail.status == "promise_broken"
    grab(window, screenshot_dir / f"promise-broken-hold-case-{lang}.png")
