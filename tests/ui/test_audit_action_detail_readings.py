"""The Audit page's Action filter offers "Case handed back to the queue" and "Case back in the
queue: its agent was deactivated" right after "Case assigned", and "Visit move blocked by a rule"
right after "Visit booking blocked by a rule"; each choice lists exactly the rows its words name,
in English and Chinese, on the demo office with a case handed back and an agent deactivated. QA:
one "Case assigned" and one "Visit booking blocked" choice listed every reading alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import deactivate_user
from app.cases.assignment import assign_cases, unassign_cases
from app.errors import ValidationError
from app.i18n import tr
from app.models import Case, CaseStatus, User
from tests.ui.shots import grab
from tests.ui.test_agreements import database
from tests.ui.test_audit_action_readings import _shown
from tests.ui.test_audit_page import window_for

pytestmark = pytest.mark.gui
__all__ = ["database"]

DEACTIVATED = "Case back in the queue: its agent was deactivated"
READINGS = {
    "Case assigned": ("Case handed back to the queue", DEACTIVATED),
    "Visit booking blocked by a rule": ("Visit move blocked by a rule",),
}


def _hand_back_and_deactivate(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        held = select(Case.case_no).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
        first = s.scalar(held.where(Case.assigned_agent_id == users["agent01"].id))
        assert unassign_cases(s, users["supervisor"], [first]).back == 1
        for name in sorted(n for n, u in users.items() if u.role == "agent"):
            try:  # to the first agent whose training allows it (the demo lets some lapse)
                assert assign_cases(s, users["supervisor"], [first], name).assigned == 1
                break
            except ValidationError:
                continue
        assert s.scalar(held.where(Case.assigned_agent_id == users["agent02"].id))
        deactivate_user(s, users["admin"], "agent02")


def test_each_reading_of_a_code_is_a_choice_of_its_own(  # type: ignore[no-untyped-def]
    qtbot, database, lang, screenshot_dir
) -> None:
    _hand_back_and_deactivate(database)
    window = window_for(qtbot, database)
    page = window.audit
    window.show_page(page)
    combo = page.action
    texts = [combo.itemText(i).strip() for i in range(combo.count())]
    for code_words, readings in READINGS.items():
        at = texts.index(tr(code_words))
        assert texts[at + 1 : at + 1 + len(readings)] == [tr(r) for r in readings]
        for offset, words in enumerate((code_words, *readings)):
            combo.setCurrentIndex(at + offset)  # as a person picks it: the page lists again
            assert page.rows() and _shown(page) == {tr(words)}, words
    combo.setCurrentIndex(texts.index(tr("Case assigned")))
    combo.showPopup()
    grab(combo.view().window(), screenshot_dir / f"auditwords-action-choices-{lang}.png")
    combo.hidePopup()
    combo.setCurrentIndex(texts.index(tr(DEACTIVATED)))
    grab(window, screenshot_dir / f"auditwords-action-deactivated-{lang}.png")
