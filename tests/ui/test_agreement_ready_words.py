"""After "Ready for signing" the Agreements page says what happened: the status column and the
detail read "Ready for signing" (定稿待签) and the history "made ready for signing on … by" the
drafter — they read "Approved" (已批准) and "approved on … by" the drafter (QA). A supervisor
who fixes an agent's draft approves it: offered "Approve", it then reads "Approved"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.i18n import tr
from app.labels import capital
from app.models import AgreementStatus, User
from tests.ui.test_agreements import database, dialog_for, free_cases, stored
from tests.ui.test_queue import grab, window_for
from ui.mnemonic_text import plain
from ui.pages.agreements import COLUMNS

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _status_cell(page, agreement_id: int) -> str:  # type: ignore[no-untyped-def]
    column = [c.header for c in COLUMNS].index("Status")
    return page.model.data(page.model.index(page.model.row_of(agreement_id), column))


def test_ready_for_signing_reads_so_and_a_supervisors_approval_reads_approved(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    own_case, checked_case = free_cases(database)
    window = window_for(qtbot, database, "agent01")
    own = dialog_for(qtbot, window, own_case)
    assert own.try_save() is True  # the debt in six instalments: no waiver
    checked = dialog_for(qtbot, window, checked_case)
    assert checked.try_save() is True
    with database.sessions() as s:
        name = s.scalar(select(User.display_name).where(User.username == "agent01"))
    page = window.agreements
    window.show_page(page)
    own_id = stored(database, own.agreement_no).id
    assert page.select(own_id)
    assert plain(page.approve_button.text()) == tr("Ready for signing")
    assert page.approve_selected() is True
    assert stored(database, own.agreement_no).status is AgreementStatus.APPROVED
    assert page.select(own_id)

    ready = tr("Ready for signing")
    assert _status_cell(page, own_id) == ready
    first = page.summary.text().splitlines()[0]
    assert f" · {ready} · " in first and capital(tr("approved")) not in first
    assert (
        tr(
            "Drafted on {date} by {name}; made ready for signing on {approved} by {approver}.",
            date=page.detail.row.drafted_on,
            name=name,
            approved=page.detail.approved_on,
            approver=name,
        )
        in page.summary.text().splitlines()
    )
    grab(window, screenshot_dir / f"readysign-agreements_{lang}.png")

    boss = window_for(qtbot, database, "supervisor")
    boss_page = boss.agreements
    boss.show_page(boss_page)
    checked_id = stored(database, checked.agreement_no).id
    assert boss_page.select(checked_id)
    assert plain(boss_page.approve_button.text()) == tr("Approve")  # the checker's step
    assert boss_page.approve_selected() is True
    status = tr("approved")
    said = tr("Agreement {number} is now {status}.", number=checked.agreement_no, status=status)
    assert boss_page.message.text() == said
    assert boss_page.select(checked_id)
    assert _status_cell(boss_page, checked_id) == capital(tr("approved"))
    grab(boss, screenshot_dir / f"readysign-agreements-approved_{lang}.png")
