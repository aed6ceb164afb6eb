"""Import data… from the window says what the import did once its dialog closes — how many rows
were new and skipped, and what became of the work queue — as `casedesk import` prints it. The
dialog closed on success and the window said nothing: an admin importing loans never read that
the queue waits for the payments import or Rebuild queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.core import importer_files as f
from tests.ui.test_import_dialog import TODAY, _user, database  # noqa: F401 (fixture)
from tests.ui.test_trust import grab_over, when_modal

pytestmark = pytest.mark.gui


def _import(qtbot, db, kind: str, path: Path, shot: Path | None = None) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    """Import `path` through ImportDialog.run as the window does; (report, what was said)."""
    from ui.dialogs.import_data import ImportDialog

    parent = QApplication.activeWindow()
    said: list[str] = []

    def choose_and_import(dialog: ImportDialog) -> None:
        dialog.today = TODAY
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.file.setText(str(path))
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
        assert dialog.report.ok
        dialog.start_import()

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        if shot is not None:
            grab_over(box, box, shot)
        box.accept()

    stops = [when_modal(ImportDialog, choose_and_import), when_modal(QMessageBox, read)]
    report = ImportDialog.run(parent, db, _user(db))
    for stop in stops:
        stop()
    assert report is not None
    return report, said[0] if said else ""


def test_the_window_says_what_an_import_did(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    lang,
    screenshot_dir,
) -> None:
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(4))
    _report, said = _import(qtbot, database, "borrowers", borrowers)
    assert ("Imported 4 new borrowers" if lang == "en" else "已导入 4 位新借款人") in said, said

    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(4))
    shot = screenshot_dir / f"import_said_loans_{lang}.png"
    report, said = _import(qtbot, database, "loans", loans, shot)
    assert report.summary() in said  # type: ignore[attr-defined]
    assert report.queue and report.queue in said  # type: ignore[attr-defined]
    assert ("Rebuild queue" if lang == "en" else "重建队列") in said
