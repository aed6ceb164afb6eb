"""The agreement dialog's plan table refills without measuring its fitting columns per cell (QA:
a plan regenerated measured the due date's and the amount's column, over all the rows, for each
cell set); what the dialog relies on stays — the amounts on the right, the dates' notes, the
cells editable and read back as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.agreements import PlanRow
from app.agreements.plan import MAX_INSTALMENTS
from tests.ui.cells import cell_alignment, cell_flags, type_text
from ui.dialogs import agreement_rows
from ui.dialogs.agreement_rows import AMOUNT, DATE, NOTE, fill_plan, read_plan, show_notes
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


class MeasuredTable(agreement_rows.PlanTable):
    """The plan's table, counting how often a column's contents are measured."""

    measured = 0

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 (Qt override)
        MeasuredTable.measured += 1
        return super().sizeHintForColumn(column)


def _plan(count: int, first: dt.date, amount: int) -> list[PlanRow]:
    return [PlanRow(first + dt.timedelta(days=30 * n), amount + n) for n in range(count)]


def test_a_refill_measures_the_fitting_columns_a_few_times(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(agreement_rows, "PlanTable", MeasuredTable)
    table = agreement_rows.plan_table()
    assert isinstance(table, MeasuredTable)
    qtbot.addWidget(table)
    table.resize(600, 400)
    table.show()
    qtbot.waitExposed(table)
    fill_plan(table, _plan(MAX_INSTALMENTS, dt.date(2027, 1, 4), 100_000))
    qtbot.wait(10)
    MeasuredTable.measured = 0
    rows = _plan(MAX_INSTALMENTS, dt.date(2027, 2, 1), 1_234_500)  # the terms changed
    fill_plan(table, rows)
    qtbot.wait(10)
    # Before, each of the 2 × 60 cells set measured its column: 240 times.
    assert MeasuredTable.measured <= 4
    assert read_plan(table) == rows
    assert table.columnWidth(AMOUNT) >= table.fontMetrics().horizontalAdvance("12,345.59")


def test_a_refilled_plan_stays_editable_with_its_notes(qtbot) -> None:
    table = agreement_rows.plan_table()
    qtbot.addWidget(table)
    fill_plan(table, _plan(3, dt.date(2027, 1, 4), 50_000))
    show_notes(table, "CN")
    changed: list[int] = []
    table.cellChanged.connect(lambda row, _column: changed.append(row))
    rows = _plan(4, dt.date(2027, 9, 1), 70_000)  # 2027-10-01: National Day
    fill_plan(table, rows)
    show_notes(table, "CN")
    assert changed == []  # the dialog's change slots are not told
    assert [cell_text(table, n, DATE) for n in range(4)][1] == "2027-10-01"
    assert cell_text(table, 1, NOTE) != "" and cell_text(table, 0, NOTE) == ""
    assert not cell_flags(table, 1, NOTE) & Qt.ItemFlag.ItemIsEditable
    assert cell_text(table, 3, AMOUNT) == "700.03"
    assert cell_alignment(table, 3, AMOUNT) & Qt.AlignmentFlag.AlignRight.value
    assert cell_flags(table, 3, DATE) & Qt.ItemFlag.ItemIsEditable
    type_text(table, 3, AMOUNT, "800.00")  # the user types over a refilled cell
    assert changed == [3]
    assert read_plan(table)[3] == PlanRow(dt.date(2027, 9, 1) + dt.timedelta(days=90), 80_000)
