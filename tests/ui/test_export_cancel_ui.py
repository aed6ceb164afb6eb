"""The Export… progress dialog's Cancel and Esc stop the export (QA s47: the dialog's parent was
the Export button, greyed while the export runs, so the dialog and its Cancel were greyed too and
every row was written). The partial file is removed, a file already under the chosen name is left
as it was, no export is audited, and the status line says the export was cancelled. Real widgets
on a copy of the demo office; the worker is held at its start by a write lock (no timing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QProgressDialog, QPushButton
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import AuditEntry
from tests.ui.test_export_personal_ui import _wait, database  # noqa: F401
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui
CANCELLED = {
    "en": "Export cancelled; no file was written.",
    "zh_CN": "导出已取消，未写入文件。",
}


def _exports(db) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "list.export")
        )


def _cancel_while_held(qtbot, db, button, path: Path, how: str):  # type: ignore[no-untyped-def]
    """Start the export while a write lock holds its worker at its start, cancel it from the
    progress dialog as a person does (`how`: "click" on Cancel, or "esc"), then let it run."""
    with db.session(write_lock=True) as s:
        s.connection()  # BEGIN IMMEDIATE now: the worker's own waits for it
        worker = button.export(path)
        assert worker is not None
        dialog = worker.progress_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=10_000)  # shown after its minimum duration
        assert isinstance(dialog, QProgressDialog)
        cancel = dialog.findChildren(QPushButton)[0]
        assert dialog.isEnabled() and cancel.isEnabled()  # greyed before the fix
        assert not button.isEnabled()  # the export runs: the button waits
        if how == "click":
            QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
        else:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert worker.cancelled
    _wait(qtbot, button)
    return worker


@pytest.mark.parametrize(
    ("lang", "page", "how"), [("en", "loans", "click"), ("zh_CN", "borrowers", "esc")]
)
def test_cancel_stops_the_export_and_leaves_no_file(
    qtbot,
    database,  # noqa: F811
    tmp_path: Path,
    screenshot_dir: Path,
    lang: str,
    page: str,
    how: str,
) -> None:
    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        window.show_page(getattr(window, page))
        button = getattr(window, page).export_button
        before = _exports(database)
        path = tmp_path / f"{page}.xlsx"
        _cancel_while_held(qtbot, database, button, path, how)
        assert button.last_message == CANCELLED[lang] and button.last_result is None
        assert window.statusBar().currentMessage() == CANCELLED[lang]
        assert not path.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{path.name}")] == []
        assert _exports(database) == before  # nothing was handed out, nothing audited
        window.grab().save(str(screenshot_dir / f"export_cancelled_{lang}.png"))
    finally:
        set_language("en")


def test_a_file_already_there_is_left_as_it_was(qtbot, database, tmp_path: Path) -> None:  # noqa: F811
    """The user chose to replace last week's file, then cancelled: last week's file stays whole."""
    window = window_for(qtbot, database, "supervisor")
    window.show_page(window.queue)
    button = window.queue.export_button
    path = tmp_path / "queue.csv"
    path.write_bytes(b"last week's list\r\n")
    _cancel_while_held(qtbot, database, button, path, "click")
    assert button.last_message == CANCELLED["en"]
    assert path.read_bytes() == b"last week's list\r\n"
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
    # and the button works again: an export after it writes the whole list
    button.last_message = ""
    path.unlink()
    assert button.export(path) is not None
    _wait(qtbot, button)
    assert button.last_result is not None and path.exists()
    assert button.last_result.rows == len(path.read_text("utf-8-sig").splitlines()) - 1 > 0
