"""Add note… on the case page (app/case_notes.py), on a copy of the demo office with real widgets:
an agent opens a case of theirs from the Case menu's action, the dialog counts the characters and
waits for a note, a refusal from the core shows in it with the text kept, the note saved shows at
the top of the timeline with its author; an agent not assigned the case is refused by the core.
Screenshots of the dialog and the timeline at 1366×768, in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from app.i18n import set_language
from app.i18n import tr as _
from app.models import Case, CaseNote, CaseStatus, User, Visit
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab, grab_over, when_modal, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

NOTE = {
    "en": "Borrower's sister says he now works in Shenzhen, back at New Year.",
    "zh_CN": "借款人的姐姐说他现在在深圳工作，春节回来。",
}


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    set_language("en")
    db.close()


def _cases(database) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """agent01's name, an open case of theirs with no visit booked for later (a note sorts below
    one on the timeline) and a case of another agent's."""
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        booked = select(Visit.case_id).where(Visit.scheduled_start > dt.datetime.now(dt.UTC))
        mine = s.scalar(
            select(Case.case_no)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.id.not_in(booked),
            )
            .order_by(Case.id)
        )
        other = s.scalar(
            select(Case.case_no)
            .where(Case.assigned_agent_id.is_not(None), Case.assigned_agent_id != agent.id)
            .order_by(Case.id)
        )
        return agent.display_name, mine, other


def _notes(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(select(func.count(CaseNote.id)))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_agent_adds_a_note_and_sees_it_on_the_timeline(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.actions import Action
    from ui.dialogs.case_note import CaseNoteDialog

    set_language(lang)
    name, mine, _other = _cases(database)
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    window.show_page(page)
    assert page.show_case(mine)
    assert page.note_button.isVisible() and page.note_button.isEnabled()
    action = window.command_actions.by_id[Action.CASE_NOTE]
    case_menu = next(m for m in window.menuBar().actions() if action in m.menu().actions())
    assert case_menu.text() == _("&Case")
    seen: dict[str, object] = {}

    def add(dialog: QDialog) -> None:
        try:
            assert isinstance(dialog, CaseNoteDialog)
            seen["empty"] = dialog.ok.isEnabled()
            dialog.text.setPlainText("  \n ")
            seen["blank"] = dialog.ok.isEnabled()
            pasted = NOTE[lang] + "\x00"  # a paste with a NUL: the core refuses it
            dialog.text.setPlainText(pasted)
            seen["count"] = dialog.count.text()
            seen["refused"] = dialog.try_save()
            seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
            seen["kept"] = dialog.text.toPlainText() == pasted
            seen["none saved"] = _notes(database)
            dialog.text.setPlainText(NOTE[lang])
            grab_over(window, dialog, screenshot_dir / f"casenotes-dialog-{lang}.png")
            dialog.try_save()
        except BaseException as error:  # raised after exec() returns, not left open
            seen["raised"] = error
            dialog.reject()

    when_modal(CaseNoteDialog, add)
    before = _notes(database)
    action.trigger()
    if "raised" in seen:
        raise seen["raised"]  # type: ignore[misc]
    assert seen["empty"] is False and seen["blank"] is False
    count = len(NOTE[lang]) + 1
    assert seen["count"] == _("{count} of {max} characters", count=count, max="2,000")
    assert seen["refused"] is False and "U+0000" in str(seen["error"]) and seen["kept"]
    assert seen["none saved"] == before
    assert _notes(database) == before + 1
    top = [cell_text(page.timeline, 0, column) for column in range(4)]
    assert top[1:] == [_("Note"), _("Note by {author}", author=name), NOTE[lang]]
    assert page.message.text() == _("Note added to case {case}.", case=mine)
    page.tabs.setCurrentIndex(0)
    grab(window, screenshot_dir / f"casenotes-timeline-{lang}.png")


def test_an_agent_not_assigned_the_case_is_refused_by_the_core(qtbot, database) -> None:
    """The page does not open another agent's case; the dialog made for one anyway (the core is
    the door) says why, keeps the text and saves nothing."""
    from app.auth import authenticate
    from ui.dialogs.case_note import CaseNoteDialog

    _name, _mine, other = _cases(database)
    agent = authenticate(database.sessions, "agent01", "demo")
    dialog = CaseNoteDialog(database, agent, other)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText(NOTE["en"])
    before = _notes(database)
    assert dialog.try_save() is False
    assert "may open only the cases assigned to them" in dialog.error.text()
    assert dialog.error.isVisible() and dialog.text.toPlainText() == NOTE["en"]
    assert dialog.saved is None and _notes(database) == before
