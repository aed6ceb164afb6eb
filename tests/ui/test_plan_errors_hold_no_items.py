"""A plan row refused (read_plan) leaves no table item in its error's traceback: the items a
plan's cells hold are Qt's (fill_plan sets their data), and the Python object of one, held on by
a traceback after its dialog was gone, was not told when Qt deleted the item. A later window's
objects at its address then came back as that item, and Qt crashed as the window was built (the
rare CI segfaults, each right after a plan test that emptied a cell; ui/table_fill.cell_text)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from app.agreements.plan import PlanRow
from app.errors import ValidationError
from ui.dialogs.agreement_rows import AMOUNT, DATE, fill_plan, plan_table, read_plan

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("column", "text"), [(DATE, ""), (AMOUNT, ""), (DATE, "not a day")])
def test_a_refused_row_leaves_no_item_in_its_traceback(qtbot, column, text) -> None:
    table = plan_table()
    qtbot.addWidget(table)
    fill_plan(table, [PlanRow(dt.date(2027, 1, 5), 50_000), PlanRow(dt.date(2027, 2, 5), 50_000)])
    table.model().setData(table.model().index(1, column), text)
    with pytest.raises(ValidationError) as caught:
        read_plan(table)
    held = [
        name
        for entry in caught.traceback
        for name, value in entry.frame.f_locals.items()
        if isinstance(value, QTableWidgetItem)
    ]
    assert held == []
