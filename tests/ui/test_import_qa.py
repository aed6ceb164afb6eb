"""The import dialog on a branch admin's first day: a 5,000-loan file checked and imported with
progress, cancelled with nothing left behind, and a check under way when the admin changes their
mind (another kind, or Close) — real widgets, a real database file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Slot

from app.models import Borrower, Instalment, Loan
from tests.core import importer_files as f
from tests.ui.test_import_dialog import _count, _user, database  # noqa: F401
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)
BIG = 5_000


class Recorder(QObject):
    """Receives a worker's progress on the GUI thread (queued), as the dialog does."""

    def __init__(self, dialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.seen: list[tuple[str, int, int]] = []
        self.labels: list[str] = []

    @Slot(str, int, int)
    def on_progress(self, stage: str, done: int, total: int) -> None:
        self.seen.append((stage, done, total))
        self.labels.append(self.dialog.summary.text())
        if self.dialog.progress_dialog is not None:
            self.labels.append(self.dialog.progress_dialog.labelText())


def _new_dialog(qtbot, db, kind: str):
    from ui.dialogs.import_data import ImportDialog

    dialog = ImportDialog(db, _user(db), today=TODAY, kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _check(qtbot, dialog, path: Path) -> Recorder:
    recorder = Recorder(dialog)
    dialog.file.setText(str(path))
    dialog.preview()
    dialog.worker.progress.connect(recorder.on_progress)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=60_000)
    return recorder


@pytest.fixture
def big_book(database, tmp_path):  # noqa: F811
    """5,000 borrowers in the office, their 5,000 loans in a GB18030 CSV (dates as 2026/3/5)."""
    from app.importer import import_file
    from app.models import User

    borrowers = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(BIG))
    with database.session(write_lock=True) as s:
        admin = s.query(User).filter_by(username="admin").one()
        assert import_file(s, admin, "borrowers", borrowers, today=TODAY).imported
    rows = f.loans(BIG)
    for row in rows:
        row[6] = "2025/1/10"
    return f.write_csv(tmp_path / "贷款台账.csv", f.LOAN_ZH, rows)


def test_a_big_file_is_checked_and_imported_with_progress(qtbot, database, big_book):  # noqa: F811
    dialog = _new_dialog(qtbot, database, "loans")
    checked = _check(qtbot, dialog, big_book)
    # The check says how far it is, not only "Checking…", on a file that takes seconds.
    assert any("1,000 of 5,000" in text for text in checked.labels), checked.labels
    assert (
        dialog.import_button.isEnabled()
        and "5,000 rows checked: 5,000 to import" in dialog.summary.text()
    )

    recorder = Recorder(dialog)
    dialog.start_import()
    dialog.worker.progress.connect(recorder.on_progress)
    with qtbot.waitSignal(dialog.finished, timeout=120_000):
        pass
    steps = [done for stage, done, _total in recorder.seen if stage == "check"]
    assert len(steps) >= 4, recorder.seen  # the bar moves through the rows, not 0 then done
    assert dialog.imported is not None and dialog.imported.new == BIG
    assert _count(database, Loan) == BIG and _count(database, Instalment) == BIG * 12


def test_cancelling_a_big_import_leaves_nothing(qtbot, database, big_book):  # noqa: F811
    dialog = _new_dialog(qtbot, database, "loans")
    _check(qtbot, dialog, big_book)
    dialog.start_import()
    worker = dialog.worker
    assert dialog.progress_dialog is not None

    def cancel_at_row_1000(stage: str, done: int, _total: int) -> None:
        # Cancel pressed while row 1,000 is checked: the progress dialog's Cancel sets the
        # same event (its canceled signal is connected to it). Set here, in the worker's own
        # thread, so the test does not depend on how fast the GUI thread sees the progress.
        if stage == "check" and done >= 1_000:
            worker.stop.set()

    worker.progress.connect(cancel_at_row_1000, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=120_000)
    assert dialog.imported is None and "cancelled" in dialog.summary.text()
    assert dialog.progress_dialog is None
    assert _count(database, Loan) == 0 and _count(database, Instalment) == 0
    assert dialog.import_button.isEnabled()  # the admin may start again
    with qtbot.waitSignal(dialog.finished, timeout=120_000):
        dialog.import_button.click()
    assert _count(database, Loan) == BIG


def test_changing_the_kind_while_a_file_is_checked(qtbot, database, tmp_path):  # noqa: F811
    path = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(3_000))
    dialog = _new_dialog(qtbot, database, "loans")
    dialog.file.setText(str(path))
    dialog.preview()  # checked as loans…
    dialog.kind.setCurrentIndex(0)  # …then the admin sees it is the borrowers file
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    qtbot.wait(200)  # a replaced check's late result must not overwrite the new one
    assert dialog.report is not None and dialog.report.kind == "borrowers"
    assert dialog.report.ok and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        dialog.import_button.click()
    assert _count(database, Borrower) == 3_000


def test_closing_while_a_file_is_checked(qtbot, database, tmp_path):  # noqa: F811
    from ui.dialogs.import_data import ImportDialog

    path = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(3_000))
    dialog = ImportDialog(database, _user(database), today=TODAY, kind="borrowers", path=path)
    dialog.show()
    workers = list(dialog.running)
    assert workers and workers[0].isRunning()
    dialog.reject()  # Close, or Esc, while "Checking…"
    assert not any(w.isRunning() for w in workers)
    dialog.deleteLater()  # what ImportDialog.run does: the thread must not outlive it
    qtbot.wait(200)
    assert _count(database, Borrower) == 0


def test_the_file_picker_lists_the_core_systems_exports(qtbot, database, tmp_path):  # noqa: F811
    from app.i18n import set_language
    from app.i18n import tr as _
    from ui.dialogs.import_data import FILE_FILTER

    # The .xls a core system exports must be choosable, so that the dialog can say what to do.
    xls = tmp_path / "贷款台账.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    dialog = _new_dialog(qtbot, database, "loans")
    _check(qtbot, dialog, xls)
    assert "(.xlsx)" in cell_text(dialog.problems, 0, 3)
    for lang in ("en", "zh_CN"):
        set_language(lang)
        try:
            shown = _(FILE_FILTER)
        finally:
            set_language(None)
        assert all(f"*{suffix}" in shown for suffix in (".csv", ".xlsx", ".txt", ".xls")), shown
