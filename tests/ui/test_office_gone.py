"""The office file deleted or moved while the window is open, then a contact logged: the dialog
says, in the user's language, that the file is gone and nothing was saved, stays open with what
was typed, and no empty office is made under the file's name (db/engine.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import tr as _
from tests.ui.test_contact_dialog import agent_case, dialog_for, pick, yesterday_at
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_a_contact_logged_after_the_file_went_says_so(
    qtbot, database, lang: str, screenshot_dir: Path
) -> None:
    case_no, zone, _person = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    assert window.cases.show_case(case_no)
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(yesterday_at(zone, 12))
    pick(dialog.outcome, "no_answer")
    dialog.notes.setPlainText("Called at noon.")
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    os.unlink(database.path)
    database.engine.dispose()  # the pool's idle connections closed: the next one is new
    assert dialog.try_save() is False
    said = _(
        "{path} is no longer there: it was deleted or moved while Casedesk had it open. Nothing "
        "was saved; put the file back, or restore the latest backup, and start Casedesk again.",
        path=str(database.path),
    )
    assert dialog.error.isVisible() and dialog.error.text() == said
    assert dialog.isVisible() and dialog.attempt is None
    assert dialog.notes.toPlainText() == "Called at noon."  # what was typed is still there
    assert not database.path.exists()
    grab(dialog, screenshot_dir / f"contact_office_gone_{lang}.png")
