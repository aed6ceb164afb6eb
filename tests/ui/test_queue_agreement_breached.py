"""A breached repayment agreement says so in the window: the dashboard's tile counts the cases,
opens the queue filtered to "Agreement breached", and the case page's priority breakdown names
the breach (en and zh_CN, with screenshots)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.i18n import tr as _
from app.labels import CASE_STATUS
from app.models import Case, CaseStatus
from tests.breached_plan import breach_a_plan
from tests.ui.test_dashboard import _click_tile, _figures
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
BREACHED = CaseStatus.AGREEMENT_BREACHED


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    for db in open_office(request, tmp_path):
        breach_a_plan(db)
        yield db


def _breached(database) -> int:
    with database.sessions() as s:
        return int(s.scalar(select(func.count(Case.id)).where(Case.status == BREACHED)) or 0)


def test_the_tile_opens_the_breached_cases_and_the_case_page_names_the_breach(
    qtbot, database, lang, screenshot_dir
) -> None:
    count = _breached(database)
    assert count > 0
    window = window_for(qtbot, database)
    window.show_page(window.dashboard)
    d = _figures(database)
    assert d.agreements_breached == count
    tile = window.dashboard.tiles["agreements_breached"]
    assert tile.title.text() == ("违约的协议" if lang == "zh_CN" else "Agreements breached")
    assert tile.value.text() == f"{count:,}"
    grab(window, screenshot_dir / f"qabreach-dashboard-{lang}.png")

    _click_tile(qtbot, window.dashboard, "agreements_breached")
    queue = window.queue
    assert window.stack.currentWidget() is queue
    assert queue.status.currentData() == "agreement_breached"
    assert queue.status.currentText() == _(CASE_STATUS["agreement_breached"])
    assert queue.model.rowCount() == count
    rows = queue.model.all_rows()
    assert {row.status for row in rows} == {"agreement_breached"}
    column = [c.header for c in queue.model.columns].index("Status")
    shown = queue.model.index(0, column).data()
    assert shown == ("协议已违约" if lang == "zh_CN" else "Agreement breached")
    grab(window, screenshot_dir / f"breached_queue_{lang}.png")

    window.open_case(rows[0].id)
    page = window.cases
    assert page.detail is not None and page.detail.status == "agreement_breached"
    names = [cell_text(page.breakdown, r, 0) for r in range(page.breakdown.rowCount())]
    assert ("还款协议违约" if lang == "zh_CN" else "Repayment agreement breached") in names
    assert names[-1] == _("Score")
    grab(window, screenshot_dir / f"breached_case_{lang}.png")


def test_the_status_filter_offers_agreement_breached(qtbot, database) -> None:
    window = window_for(qtbot, database)
    queue = window.queue
    window.show_page(queue)
    queue.status.setCurrentIndex(queue.status.findData("agreement_breached"))
    qtbot.waitUntil(lambda: queue.model.rowCount() == _breached(database))
    assert queue.model.rowCount() > 0
    assert all(row.status == "agreement_breached" for row in queue.model.all_rows())
