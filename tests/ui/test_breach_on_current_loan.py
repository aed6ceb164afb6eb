"""QA s45 qaB, finding 1 in the window: a plan that brought the loan up to date, its last
instalment missed. The dashboard's "Agreements breached" tile counts the case and opens the queue
filtered to it, "Agreement breached", to be worked today, instead of the case vanishing as cured
(en and zh_CN, with screenshots)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.auth import authenticate
from app.cases.rebuild import rebuild_queue
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, build_office
from tests.office_day import office_today
from tests.plan_brought_current import plan_brought_current
from tests.ui.shots import grab
from tests.ui.test_dashboard import _click_tile

pytestmark = pytest.mark.gui


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_office(database)
    with database.session() as s:
        plan_brought_current(s)
        rebuild_queue(s, None, office_today())
    yield database
    database.close()


def test_the_tile_counts_the_breach_and_opens_it_in_the_queue(
    qtbot, office, lang, screenshot_dir
) -> None:
    from ui.main_window import MainWindow

    with office.sessions() as s:
        case = _case(s, "L2")
        case_no = case.case_no
    window = MainWindow(office, authenticate(office.sessions, "supervisor", "pw-sup"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.dashboard)
    tile = window.dashboard.tiles["agreements_breached"]
    assert tile.title.text() == ("违约的协议" if lang == "zh_CN" else "Agreements breached")
    assert tile.value.text() == "1"
    grab(window, screenshot_dir / f"agrbreach-dashboard-{lang}.png")

    _click_tile(qtbot, window.dashboard, "agreements_breached")
    queue = window.queue
    assert window.stack.currentWidget() is queue
    assert queue.status.currentData() == "agreement_breached"
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    (row,) = queue.model.all_rows()
    assert (row.case_no, row.status) == (case_no, "agreement_breached")
    column = [c.header for c in queue.model.columns].index("Status")
    shown = queue.model.index(0, column).data()
    assert shown == ("协议已违约" if lang == "zh_CN" else "Agreement breached")
    grab(window, screenshot_dir / f"agrbreach-queue-{lang}.png")
