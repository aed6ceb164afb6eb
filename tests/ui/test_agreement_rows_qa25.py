"""Found by QA walking the draft dialog (s25): an emptied amount or due-date cell in the plan was
said as "Instalment 1: Not an amount: " (nothing after the colon) or "not a date: ."; it is
now said to be missing, in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from app.agreements import PlanRow
from app.errors import CasedeskError
from tests.ui.cells import type_text
from ui.dialogs.agreement_rows import AMOUNT, DATE, fill_plan, plan_table, read_plan

pytestmark = pytest.mark.gui

MISSING = {
    ("en", AMOUNT): "Instalment 2: the amount is missing.",
    ("en", DATE): "Instalment 2: the due date is missing.",
    ("zh_CN", AMOUNT): "第 2 期：未填写金额。",
    ("zh_CN", DATE): "第 2 期：未填写到期日。",
}


@pytest.mark.parametrize("column", [AMOUNT, DATE])
def test_an_emptied_cell_is_said_to_be_missing(qtbot, lang, column) -> None:
    table = plan_table()
    qtbot.addWidget(table)
    first = dt.date(2030, 1, 10)
    fill_plan(table, [PlanRow(first + dt.timedelta(days=31 * n), 10_000) for n in range(3)])
    assert [row.amount for row in read_plan(table)] == [10_000] * 3
    type_text(table, 1, column, "  ")
    with pytest.raises(CasedeskError) as raised:
        read_plan(table)
    assert raised.value.translated() == MISSING[(lang, column)]
