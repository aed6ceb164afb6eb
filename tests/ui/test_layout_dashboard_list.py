"""The dashboard's "Waiting for approval" list, in English and Chinese: the dialog asks for the
width its columns need and gets what the screen allows; what is to approve ("Waiver 21,190.00,
96,530.00 in instalments") takes the width left and wraps rather than being cut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Case, User
from tests.ui.test_agreements import free_cases
from tests.ui.test_layout_timeline import columns_fit, rows_hug_text, text_fits
from tests.ui.test_queue import grab, open_office
from tests.ui.test_screen_fit import _room
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)
    set_language("en")


def draft_settlements(database, count: int = 3) -> None:
    """Settlements drafted by agent01 that waive half the overdue: they wait for a supervisor,
    and say so at length ("Waiver 1,234.00, settled in one payment of 1,234.00")."""
    from app.agreements import draft_settlement

    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        for case_no in free_cases(database, count=count):
            overdue = s.scalar(select(Case.amount_overdue).where(Case.case_no == case_no))
            draft_settlement(s, agent, case_no, max(overdue // 2, 100))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_what_is_to_approve_shows_whole(qtbot, database, lang, screenshot_dir) -> None:
    from tests.ui.test_dashboard import window_for

    # Six: more rows than the one-line-a-row estimate leaves room for once the screen narrows
    # the list and its last column wraps (on 1024 pixels, in English).
    draft_settlements(database, count=6)
    set_language(lang)
    window = window_for(qtbot, database)
    window.command_actions.apply_icons()
    tile = window.dashboard.tiles["approvals"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    dialog = window.list_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    table = dialog.table
    assert table.rowCount() >= 3
    width, height = _room()
    assert dialog.width() <= width and dialog.height() <= height
    assert columns_fit(table), [table.columnWidth(c) for c in range(table.columnCount())]
    assert rows_hug_text(table)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            assert text_fits(table, row, column), (row, column, cell_text(table, row, column))
    # No more rows than fit are asked for: the rows are all in sight, none hidden below.
    assert table.verticalHeader().length() <= table.viewport().height()
    grab(dialog, screenshot_dir / f"layout_approvals_{lang}.png")
    dialog.close()
