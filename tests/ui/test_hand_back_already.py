"""The Work queue's Assign… → Back to the queue on cases that had no agent says they already were
unassigned, not "0 cases handed back" (found by QA), in English and Chinese."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)
from ui.dialogs.assign import BACK_TO_QUEUE

pytestmark = pytest.mark.gui


def test_handing_back_unassigned_cases_says_so(qtbot, database) -> None:  # noqa: F811
    window = window_for(qtbot, database)
    page = window.queue
    page.unassigned.setChecked(True)
    free = [page.model.row_data(r).case_no for r in range(2)]
    assert page.assign(free, BACK_TO_QUEUE)
    assert page.message.text() == (
        "The 2 chosen cases were already unassigned: nothing to hand back."
    )
    page.unassigned.setChecked(False)
    page.agent.setCurrentIndex(1)
    held = page.model.row_data(0).case_no
    set_language("zh_CN")
    try:
        assert page.assign([held, free[0]], BACK_TO_QUEUE)
        assert page.message.text() == "已将 1 个案件退回队列，未分配。另有 1 个案件原本就未分配。"
    finally:
        set_language("en")
