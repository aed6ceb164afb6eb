"""QA: on the Visits page's week calendar at 1366x768 a visit's number was cut off at its cell's
edge ("V2026-000006…"). A cell now holds each visit's time and borrower, which fit its column in
English and Chinese (a four-character name, two visits on one day, an agent's extra row), and its
tool tip holds the visit's number and case; the number names the visit a click selects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle
from sqlalchemy import select

from app.i18n import set_language
from app.models import Borrower, Case, Loan
from tests.conftest import TEST_KEY
from tests.core.visit_office import book, case_nos, login, slot, verified_visit, visit_office_path
from tests.ui.cells import cell_tip
from tests.ui.test_visits_page import grab
from ui.table_fill import cell_text, cell_value

pytestmark = pytest.mark.gui
LONG_NAME = "欧阳明华"  # a compound surname: among the widest names a cell shows


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    """agent02 goes on two visits on one day: agent01's case of 欧阳明华, and one with agent01."""
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    first, second = case_nos(db)[:2]
    with db.session() as s:
        borrower = s.scalar(
            select(Borrower)
            .join(Loan)
            .join(Case, Case.loan_id == Loan.id)
            .where(Case.case_no == first)
        )
        borrower.name = LONG_NAME
    others = verified_visit(db, first)
    assert book(db, others, agents=("agent02", "agent03"), start=slot(10)).saved
    own = verified_visit(db, second)
    assert book(db, own, agents=("agent01", "agent02"), start=slot(14)).saved
    db.numbers = (others, own)
    yield db
    db.close()
    set_language(None)


def _page(qtbot, database, username: str):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(database, login(database, username))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.visits)
    window.visits.show_week(slot(10).date())
    QApplication.processEvents()
    return window, window.visits


def _too_wide(table) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """Each line of a cell wider than its column leaves for text: (line, its width, room)."""
    metrics = table.fontMetrics()
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 1
    wide = []
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            room = table.columnWidth(c) - margin
            for line in cell_text(table, r, c).splitlines():
                if metrics.horizontalAdvance(line) > room:
                    wide.append((line, metrics.horizontalAdvance(line), room))
    return wide


@pytest.fixture(params=[None, 13.0], ids=["font-default", "font-13pt"])
def font_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float | None]:
    """The application's font as it is, or at 13 pt, macOS's system size (offscreen's is 9 pt,
    at which the old cell's "欧阳明华 · V2026-000001" still fitted; at 13 pt it did not)."""
    before = QApplication.font()
    if request.param is not None:
        bigger = QFont(before)
        bigger.setPointSizeF(request.param)
        QApplication.setFont(bigger)
    yield request.param
    QApplication.setFont(before)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_a_visit_in_the_week_calendar_is_readable_at_1366(
    qtbot, database, font_size: float | None, lang: str, username: str, screenshot_dir: Path
) -> None:
    set_language(lang)
    window, page = _page(qtbot, database, username)
    others, own = database.numbers
    table = page.calendar
    column = (slot(10).date() - page.week_start).days
    rows = range(table.rowCount())
    texts = [cell_text(table, r, column) for r in rows if cell_text(table, r, column)]
    assert texts and any(LONG_NAME in text for text in texts)
    assert not any(others in text or own in text for text in texts)  # the numbers: tool tips
    assert _too_wide(table) == []
    visits = {r: cell_value(table, r, column, Qt.ItemDataRole.UserRole) or [] for r in rows}
    for r, numbers in visits.items():
        assert all(number in cell_tip(table, r, column) for number in numbers)
    both = [r for r, numbers in visits.items() if len(numbers) == 2]
    if username == "supervisor":  # agent02's day: each visit's time and borrower, in order
        [day] = both
        lines = cell_text(table, day, column).splitlines()
        assert (
            lines[1] == LONG_NAME and lines[0].startswith("10:00") and lines[2].startswith("14:00")
        )
    size = "" if font_size is None else f"_{font_size:.0f}pt"
    grab(window, screenshot_dir / f"visits_calendar_fit_{username}_{lang}{size}.png")
