"""On the Agreements page, Record signing is off for a draft and its tip says what comes first
for this user, as `sign` says it (QA s46 #6: the tip was empty): the agent's own draft within the
threshold is made ready with the Ready for signing button; a supervisor approves an agent's draft
with Approve; a draft with a big waiver waits for a supervisor. English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements import draft_plan, draft_settlement
from app.i18n import tr
from app.models import User
from tests.office_day import office_today
from tests.ui.test_agreements import database, free_cases, stored
from tests.ui.test_queue import grab, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _drafts(database) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """agent01's plan (no waiver) and settlement for 1.00 (a waiver above the threshold)."""
    plan_case, big_case = free_cases(database)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        start = office_today() + dt.timedelta(days=10)
        plan = draft_plan(s, agent, plan_case, count=3, start=start).agreement_no
        big = draft_settlement(s, agent, big_case, 100).agreement_no
    return plan, big


def test_record_signing_says_what_comes_first(qtbot, database, lang, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    plan, big = _drafts(database)
    window = window_for(qtbot, database, "agent01")
    page = window.agreements
    window.show_page(page)
    assert page.select(stored(database, plan).id)
    assert not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == tr(
        "Agreement {number} is {status}; it can be signed once it is ready for signing. Make "
        "it ready first (the Ready for signing button; no supervisor's approval is needed), then "
        "record the signing.",
        number=plan,
        status=tr("a draft"),
    )
    assert tr("Ready for signing") in page.sign_button.toolTip()  # the button it names
    grab(window, screenshot_dir / f"agreements_sign_first_{lang}.png")
    assert page.select(stored(database, big).id)
    assert not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == tr(
        "Agreement {number} is {status}; only an approved agreement can be signed, and a "
        "supervisor must approve it: ask one to, then record the signing.",
        number=big,
        status=tr("a draft"),
    )
    window.close()

    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    assert page.select(stored(database, plan).id)
    assert page.sign_button.toolTip() == tr(
        "Agreement {number} is {status}; only an approved agreement can be signed. Approve it "
        "first (the Approve button), then record the signing.",
        number=plan,
        status=tr("a draft"),
    )
    assert f"“{tr('Approve')}”" in page.sign_button.toolTip() or lang == "en"
    # Once approved, the tip is gone and the button on.
    assert page.approve_selected() is True
    assert page.sign_button.isEnabled() and page.sign_button.toolTip() == ""
