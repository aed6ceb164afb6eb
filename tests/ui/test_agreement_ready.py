"""The Agreements page offers "Approve" only for a draft that waits for a supervisor (a waiver
above the office's threshold, or signed terms it would replace); a draft within its drafter's
authority is made "Ready for signing" — the agent was offered "Approve" on their own plan, as if
approving their own work (noticed and left alone by an earlier session)."""

from __future__ import annotations

import pytest

from app.i18n import tr
from app.models import AgreementStatus
from tests.ui.test_agreements import database, dialog_for, free_cases, stored
from tests.ui.test_queue import grab, window_for
from ui.mnemonic_text import mnemonic, plain

pytestmark = pytest.mark.gui
__all__ = ["database"]


def test_a_draft_within_the_agents_authority_is_made_ready_not_approved(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    plan_case, big_case = free_cases(database)
    window = window_for(qtbot, database, "agent01")
    plan = dialog_for(qtbot, window, plan_case)
    assert plan.try_save() is True  # the debt in six instalments: no waiver
    big = dialog_for(qtbot, window, big_case)
    big.kind.setCurrentIndex(big.kind.findData("settlement"))
    half = big.terms.debt // 2
    big.amount.setText(f"{half // 100}.{half % 100:02d}")
    assert big.try_save() is True
    page = window.agreements
    window.show_page(page)

    assert page.select(stored(database, big.agreement_no).id)
    assert plain(page.approve_button.text()) == tr("Approve")
    assert not page.approve_button.isEnabled()  # the agent may not: the tip says whose it is

    assert page.select(stored(database, plan.agreement_no).id)
    button = page.approve_button
    assert plain(button.text()) == tr("Ready for signing") and button.isEnabled()
    assert mnemonic(button.text()) is not None  # its Alt+letter at once, as "Approve" had
    assert button.toolTip() == tr(
        "Fix the terms so the agreement can be printed and signed. No supervisor's approval "
        "is needed: the waiver is within the office's threshold."
    )
    assert (
        tr("No supervisor's approval is needed: the waiver is within the office's threshold.")
        in page.summary.text()
    )
    grab(window, screenshot_dir / f"agreements_ready_{lang}.png")
    assert page.approve_selected() is True
    assert stored(database, plan.agreement_no).status is AgreementStatus.APPROVED
    said = tr(
        "Agreement {number} is ready for signing: print it for both parties to sign.",
        number=plan.agreement_no,
    )
    assert page.message.text() == said
    assert page.sign_button.isEnabled()
