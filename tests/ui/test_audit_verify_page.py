"""The Audit page's Verify the chain (an end cut off the chain is reported in words) and its
Export… (the page's words beside the codes), with real widgets on a copy of the demo office."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import TEST_KEY
from tests.core.test_audit_anchor import _cut_tail
from tests.ui.test_audit_page import grab, window_for

pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only]


@pytest.fixture
def database(
    demo_path: Path, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator:
    from db.store import open_database
    from ui.app import application

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _verify(qtbot, page) -> str:
    worker = page.verify()
    qtbot.waitUntil(lambda: worker.isFinished() and page.verify_button.isEnabled(), timeout=60000)
    QApplication.processEvents()
    return page.verdict.text()


def test_verify_and_export_from_the_audit_page(qtbot, database, tmp_path, screenshot_dir) -> None:
    from ui.app import anchor_audit_head

    window = window_for(qtbot, database, "admin")
    page = window.audit
    window.show_page(page)
    said = _verify(qtbot, page)
    assert said.startswith("Audit trail intact:") and "No head of this chain" in said

    button = page.export_button
    button.last_message = ""
    assert button.export(tmp_path / "audit.csv") is not None
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
    with open(tmp_path / "audit.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][3:7] == ["Action", "Affected record", "Changes", "Action code"]
    logins = [r for r in rows[1:] if r[6] == "user.login"]
    assert logins and logins[0][3] == "Logged in" and logins[0][4] == "Account 管理员 (1)"
    listed = page.model.row_data(0)
    (first,) = [r for r in rows[1:] if r[0] == str(listed.id)]
    assert (first[3], first[5]) == (listed.action_words(), listed.words_line())

    anchor_audit_head(database)  # as the window closes
    window.close()
    database.close()
    _cut_tail(database.path, 3)
    from db.store import open_database

    again = open_database(database.path, TEST_KEY)
    try:
        window = window_for(qtbot, again, "admin")
        window.show_page(window.audit)
        said = _verify(qtbot, window.audit)
        assert "Audit trail cut short: the chain no longer reaches entry #" in said
        assert "by this workstation (" in said and "are missing." in said
        assert "color: #b00020" in window.audit.verdict.styleSheet()
        grab(window, screenshot_dir / "audit_verify_cut.png")
        grab(window, Path("/tmp/audit-verify-cut.png"))
    finally:
        window.close()
        again.close()
