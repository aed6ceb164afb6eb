"""The Work queue's Assign… → Back to the queue on cases that had no agent says they already were
unassigned, not "0 cases handed back" (found by QA), in English and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import AuditEntry, Case, CaseStatus
from tests.ui.test_queue import database, window_for  # noqa: F401 (the fixture)
from tests.ui.test_trust import when_modal
from ui.dialogs.assign import BACK_TO_QUEUE, AssignDialog

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


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_case_page_of_an_unassigned_case_hands_nothing_back(qtbot, database, lang) -> None:  # noqa: F811
    """QA: the case page said "Back in the work queue, unassigned." of a case nobody held, and
    its Assign… offered the queue; the work queue's page said nothing was handed back."""
    with database.sessions() as s:
        case_id = s.scalar(
            select(Case.id)
            .where(Case.status != CaseStatus.CLOSED, Case.assigned_agent_id.is_(None))
            .order_by(Case.id)
        )
    assert case_id is not None
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.cases
        window.open_case(case_id)
        with database.sessions() as s:  # after the login's and the opening's own entries
            entries = s.scalar(select(func.count()).select_from(AuditEntry))
        offered: list[object] = []

        def look(dialog: QDialog) -> None:
            combo = dialog.agent  # type: ignore[attr-defined]
            offered.extend(combo.itemData(i) for i in range(combo.count()))
            dialog.findChild(QDialogButtonBox).button(
                QDialogButtonBox.StandardButton.Cancel
            ).click()

        when_modal(AssignDialog, look)
        page.choose_agent()
        assert offered and BACK_TO_QUEUE not in offered
        assert page.assign(BACK_TO_QUEUE) is True  # as a second window would, after another
        said = page.message.text()
    finally:
        set_language("en")
    assert (
        said
        == {
            "en": "The 1 chosen case was already unassigned: nothing to hand back.",
            "zh_CN": "所选的 1 个案件原本就未分配：没有可退回的案件。",
        }[lang]
    )
    with database.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == entries
