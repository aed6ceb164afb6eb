"""The Audit page's Action filter offers "Agreement made ready for signing" right after "Agreement
approved", under Agreements, and each choice lists exactly the rows its words name, in English
and Chinese, on the demo office with an agent's draft made ready. QA: one "Agreement approved"
choice listed a supervisor's approvals and a drafter's own step alike."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements import approve, draft_plan
from app.i18n import plural, tr
from app.models import User
from tests.office_day import office_today
from tests.ui.shots import grab
from tests.ui.test_agreements import database, free_cases
from tests.ui.test_audit_page import window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]


def _shown(page) -> set[str]:  # type: ignore[no-untyped-def]
    """The Action column's words of every row listed."""
    return {page.model.index(n, 3).data() for n in range(page.model.rowCount())}


def test_approved_and_made_ready_are_two_choices(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    [case_no] = free_cases(database, count=1)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        day = office_today() + dt.timedelta(days=5)
        own = draft_plan(s, agent, case_no, count=3, start=day).agreement_no
        approve(s, agent, own)  # the drafter's own, within the threshold: made ready
    window = window_for(qtbot, database)
    page = window.audit
    window.show_page(page)
    combo = page.action
    texts = [combo.itemText(i).strip() for i in range(combo.count())]
    approved, ready = tr("Agreement approved"), tr("Agreement made ready for signing")
    at = texts.index(approved)
    assert texts[at + 1] == ready
    assert texts.index(tr("{group}: all", group=tr("Agreements"))) < at
    combo.showPopup()
    grab(combo.view().window(), screenshot_dir / f"auditwalk-action-choices-{lang}.png")
    combo.hidePopup()

    combo.setCurrentIndex(at)  # as a person picks it: the page lists again
    assert _shown(page) == {approved}
    assert own not in {r.entity_id for r in page.rows()} and page.rows()
    combo.setCurrentIndex(at + 1)
    assert _shown(page) == {ready}
    assert [r.entity_id for r in page.rows()] == [own]
    assert page.count.text() == plural(1, "{count} audit entry", "{count} audit entries")
    grab(window, screenshot_dir / f"auditwalk-action-ready-{lang}.png")


def test_a_chosen_action_reads_without_its_indent(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    """Once chosen, the action's words start at the box's edge ("Contact logged", not
    "    Contact logged"); in the open list each action is indented under its group and whole."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = window_for(qtbot, database)
    page = window.audit
    window.show_page(page)
    combo = page.action
    combo.setCurrentIndex(combo.findData("contact.log"))
    assert combo.currentText() == tr("Contact logged")
    from ui.indented_choices import MEMBER

    assert combo.itemData(combo.findData("contact"), MEMBER) is False  # "Contacts: all"
    assert combo.itemData(combo.findData("contact.log"), MEMBER) is True
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    cut = [
        combo.itemText(row)
        for row in range(combo.count())
        if view.itemDelegate().sizeHint(option, combo.model().index(row, 0)).width()
        > view.viewport().width()
    ]
    combo.hidePopup()
    assert cut == []
