"""A refused save's line ("Not saved: blocked …") speaks of the fields it was refused for: once
they change, the live verdict beside them is what holds, and the old line goes, never left red
under an "Allowed" panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.models import VerdictKind
from tests.ui.test_contact_dialog import agent_case, dialog_for, pick, yesterday_at
from tests.ui.test_queue import open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_refusal_line_goes_when_the_fields_change(qtbot, database) -> None:
    case_no, zone, _person = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(yesterday_at(zone, 22, 30))
    pick(dialog.outcome, "no_answer")
    assert dialog.try_save() is False
    assert dialog.status.isVisible()
    assert dialog.status.text() == "Not saved: blocked (the block is recorded)."
    dialog.set_time(yesterday_at(zone, 12))  # out of quiet hours: no longer blocked
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    assert dialog.panel.kind is not VerdictKind.BLOCKED
    assert not dialog.status.isVisible()
