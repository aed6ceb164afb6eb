"""The list behind "Recovered this month": a month's payments of a big office run to thousands of
rows (3,432 in November on the 100,000-loan office), so they keep one line each and no row is
measured again when the dialog or a column is resized; wrapping the last column (the amount) did
that, and held the window for 0.7 s. The approvals list still wraps (test_layout_dashboard_list)."""

from __future__ import annotations

import pytest

from tests.ui.test_dashboard import (  # noqa: F401 (fixture)
    _click_tile,
    _pay_an_open_case_today,
    database,
    window_for,
)
from ui.table_fill import cell_text
from ui.widgets import DetailTable

pytestmark = pytest.mark.gui


def test_the_months_payments_keep_one_line_a_row(qtbot, database) -> None:  # noqa: F811
    _pay_an_open_case_today(database)  # on the 1st the month may have none yet
    window = window_for(qtbot, database)
    _click_tile(qtbot, window.dashboard, "recovered")
    dialog = window.list_dialog
    assert dialog is not None and dialog.isVisible() and dialog.rows
    table = dialog.table
    assert isinstance(table, DetailTable)
    assert not table.wordWrap()
    assert table.stretching == () and table.bounded == ()  # no column wraps or shares the width
    assert table.horizontalHeader().stretchLastSection()  # the amount column takes what is left
    assert len({table.rowHeight(r) for r in range(table.rowCount())}) == 1
    dialog.resize(dialog.width() - 120, dialog.height())  # narrower: still one line a row
    qtbot.wait(20)
    assert len({table.rowHeight(r) for r in range(table.rowCount())}) == 1
    assert [cell_text(table, 0, c) for c in range(5)] == dialog.rows[0]
