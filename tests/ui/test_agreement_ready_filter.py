"""The Agreements page's status filter offers "Ready for signing" (定稿待签) after "Approved", and
each lists only its own: made ready by the drafter, or approved by a supervisor. The Audit page
says "Agreement made ready for signing" of the drafter's step. QA: "Approved" was the only
choice and listed both; the trail said "Agreement approved" of either."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements import approve, draft_plan
from app.i18n import tr
from app.labels import capital
from app.models import Agreement, AgreementStatus, User
from tests.office_day import office_today
from tests.ui.test_agreements import database, free_cases
from tests.ui.test_queue import grab, window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _numbers(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {page.model.index(row, 0).data() for row in range(page.model.rowCount())}


def test_the_filter_and_the_trail_tell_ready_from_approved(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    [case_no] = free_cases(database, count=1)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        day = office_today() + dt.timedelta(days=5)
        own = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, own)  # within the threshold: made ready for signing
    with database.sessions() as s:
        approved = set(
            s.scalars(
                select(Agreement.agreement_no).where(Agreement.status == AgreementStatus.APPROVED)
            )
        )
    window = window_for(qtbot, database, "supervisor")
    page = window.agreements
    window.show_page(page)
    combo = page.status_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    at = texts.index(capital(tr("approved")))
    assert texts[at + 1] == tr("Ready for signing") and combo.itemData(at + 1) == "ready"
    combo.showPopup()  # the choices as a person sees them
    grab(combo.view().window(), screenshot_dir / f"readyfilter-choices_{lang}.png")
    combo.hidePopup()

    page.set_status("ready")
    ready = _numbers(page)
    assert own in ready and ready <= approved
    assert page.model.rowCount() == len(ready)
    grab(window, screenshot_dir / f"readyfilter-agreements-ready_{lang}.png")
    page.set_status("approved")
    checked = _numbers(page)
    assert checked and own not in checked  # the demo's supervisors approved some
    assert checked | ready == approved and not checked & ready
    grab(window, screenshot_dir / f"readyfilter-agreements-approved_{lang}.png")

    audit = window.audit
    window.show_page(audit)
    audit.set_filter(action="agreement.ready")  # each reading is a choice of its own
    words = {r.entity_id: r.action_words() for r in audit.rows()}
    assert words[own] == tr("Agreement made ready for signing")
    shown = {audit.model.index(n, 3).data() for n in range(audit.model.rowCount())}
    assert shown == {tr("Agreement made ready for signing")}
    audit.set_filter(action="agreement.approve")
    shown = {audit.model.index(n, 3).data() for n in range(audit.model.rowCount())}
    assert shown == {tr("Agreement approved")}
    grab(window, screenshot_dir / f"readyfilter-audit_{lang}.png")
