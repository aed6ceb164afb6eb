"""The Agreements page follows the core on who may cancel: an agent's Cancel agreement… is on for
their draft, and off, saying why in its tool tip, for what a supervisor approved (found by QA:
it was on, and the core let the agent cancel it). The core refuses a click anyway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import select

from app.models import AgreementStatus, User
from tests.ui.test_agreements import stored
from tests.ui.test_agreements_page_qa import agent_draft
from tests.ui.test_agreements_reports_qa import office_today
from tests.ui.test_queue import grab, open_office, window_for
from ui.language import apply_language

pytestmark = pytest.mark.gui

WHY = {
    "en": "Agreement {number} was approved by {name}: only a supervisor or an admin may cancel it.",
    "zh_CN": "协议 {number} 已由 {name} 批准：只有主管或管理员可以取消。",
}


@pytest.fixture
def office(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _approve_as_supervisor(database, number: str) -> str:
    """Approve the draft as the supervisor; their name as the page shows people."""
    from app.agreements import approve

    with database.session() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        approve(s, supervisor, number, today=office_today(database))
        return supervisor.display_name


def _agent_page(qtbot, database, agreement_id: int):
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    page.set_status(None)
    assert page.select(agreement_id)
    return window, page


def _tip_shot(page, path: Path) -> None:
    """The button's tool tip as it shows on hovering, saved beside the page's picture."""
    button = page.cancel_button
    QToolTip.showText(button.mapToGlobal(QPoint(8, 8)), button.toolTip(), button)
    QApplication.processEvents()
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert tips and tips[0].grab().save(str(path))
    QToolTip.hideText()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_agents_cancel_is_off_for_what_a_supervisor_approved(
    qtbot, office, lang: str, screenshot_dir
) -> None:
    mine, mine_id = agent_draft(office)
    approved, approved_id = agent_draft(office)
    name = _approve_as_supervisor(office, approved)
    apply_language(lang)
    try:
        window, page = _agent_page(qtbot, office, mine_id)
        assert page.cancel_button.isEnabled() and page.cancel_button.toolTip() == ""
        grab(window, screenshot_dir / f"roles-cancel-on-draft-{lang}.png")

        assert page.select(approved_id)
        why = WHY[lang].format(number=approved, name=name)
        assert not page.cancel_button.isEnabled()
        assert page.cancel_button.toolTip() == why
        assert page.sign_button.isEnabled()  # the agent still records the signing
        grab(window, screenshot_dir / f"roles-cancel-off-approved-{lang}.png")
        _tip_shot(page, screenshot_dir / f"roles-cancel-off-tip-{lang}.png")
        # Reached anyway (a stale page, a shortcut): the core refuses and the page says why.
        assert page.cancel_selected("借款人改变主意") is False
        assert page.message.text() == why
        assert stored(office, approved).status is AgreementStatus.APPROVED
    finally:
        apply_language("en")

    supervisor = window_for(qtbot, office, "supervisor").agreements
    supervisor.set_status(None)
    assert supervisor.select(approved_id)
    assert supervisor.cancel_button.isEnabled() and supervisor.cancel_button.toolTip() == ""
    assert supervisor.cancel_selected("借款人改变主意") is True
    assert stored(office, approved).status is AgreementStatus.CANCELLED
