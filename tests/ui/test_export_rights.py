"""The Audit page's Export… for a supervisor: the core refuses (the audit trail is the admin's to
export), and the button says so at the click, before any file dialog; an admin's exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.conftest import TEST_KEY
from tests.ui.test_queue import grab, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def test_a_supervisor_is_told_at_the_click_and_no_file_is_asked_for(
    qtbot, database, tmp_path: Path, monkeypatch, screenshot_dir: Path
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.audit)
    button = window.audit.export_button
    message = "supervisor (Supervisor) may not export the audit trail; ask an admin."
    # Greyed, saying why, rather than on and refusing every click (QA s42)
    assert not button.isEnabled() and button.toolTip() == message
    button.click()
    assert asked == [] and button.last_message == ""  # a greyed button does nothing
    assert button.export(tmp_path / "audit.csv") is None  # no worker: refused before writing
    assert asked == []  # the file dialog never opened
    assert button.last_message == message and button.last_result is None
    boxes = [b for b in button.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and boxes[-1].text() == message
    grab(window, screenshot_dir / "audit_export_refused.png")
    assert not (tmp_path / "audit.csv").exists()


def test_an_admin_exports_the_audit_page(qtbot, database, tmp_path: Path) -> None:
    window = window_for(qtbot, database, "admin")
    window.show_page(window.audit)
    button = window.audit.export_button
    assert button.isEnabled() and button.toolTip() == "Save this list, as filtered, to CSV or Excel"
    worker = button.export(tmp_path / "audit.csv")
    assert worker is not None
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
    rows = list(csv.reader((tmp_path / "audit.csv").read_text("utf-8-sig").splitlines()))
    assert button.last_result is not None and button.last_result.rows == len(rows) - 1 > 0
