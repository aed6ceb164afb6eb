"""The import windows with a workbook Excel still has open and with formulas whose values were
never saved: each says so in one line, in the problems list, and imports nothing — real widgets,
a real database file."""

from __future__ import annotations

import datetime as dt

import pytest

from app.auth import add_user
from app.models import Loan, TrainingRecord, User
from tests.core import importer_files as f
from tests.core.test_import_held_open_and_formulas import HELD_OPEN, UNSAVED, held_open
from tests.ui.test_import_dialog import _cells, _count, _dialog, _user, database  # noqa: F401

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)


def test_the_import_window_tells_a_formula_without_its_value(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
):
    from app.importer import import_file

    borrowers = f.write_csv(tmp_path / "借款人.csv", f.BORROWER_ZH, f.borrowers(3))
    with database.session(write_lock=True) as s:
        admin = s.query(User).filter_by(username="admin").one()
        assert import_file(s, admin, "borrowers", borrowers, today=TODAY).imported
    rows = f.loans(3)
    rows[1][3] = "=12000+200"
    path = f.write_xlsx(tmp_path / "贷款台账.xlsx", f.LOAN_ZH, rows)
    dialog = _dialog(qtbot, database, kind="loans", path=path)
    assert _cells(dialog.problems) == [["贷款台账.xlsx", "3", "本金", UNSAVED]]
    assert dialog.summary.text().startswith("1 problem on 1 row.")
    assert not dialog.import_button.isEnabled()
    dialog.resize(1000, 640)
    dialog.grab().save(str(screenshot_dir / "import_unsaved_formula.png"))
    assert _count(database, Loan) == 0


def test_the_import_window_tells_a_file_excel_holds_open(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = f.write_xlsx(tmp_path / "借款人.xlsx", f.BORROWER_ZH, f.borrowers(3))
    held_open(monkeypatch, path)
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    assert _cells(dialog.problems) == [["借款人.xlsx", "", "", HELD_OPEN]]
    assert "Errno" not in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_the_training_window_tells_a_file_held_open_and_a_formula(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    from ui.dialogs.training_import import TrainingImportDialog

    with database.session() as s:
        admin = s.query(User).filter_by(username="admin").one()
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
    supervisor = _user(database, "supervisor")
    header = ["用户名", "课程", "日期", "得分（分）"]
    locked = f.write_csv(tmp_path / "training.csv", header, [["agent01", "COMM", "2026-03-01", 88]])
    with monkeypatch.context() as excel:
        held_open(excel, locked)
        dialog = TrainingImportDialog(database, supervisor, locked, today=TODAY)
        qtbot.addWidget(dialog)
    assert dialog.summary.text() == HELD_OPEN.replace("the file", "training.csv")
    assert not dialog.import_button.isEnabled()
    dialog.load()  # closed in Excel: read again, the score's header with its unit is read
    assert dialog.rows.rowCount() == 1 and dialog.import_button.isEnabled()
    path = f.write_xlsx(
        tmp_path / "training.xlsx", header, [["agent01", "COMM", "2026-03-01", "=80+6"]]
    )
    dialog = TrainingImportDialog(database, supervisor, path, today=TODAY)
    qtbot.addWidget(dialog)
    assert _cells(dialog.errors) == [["2", "Score", UNSAVED]]
    assert not dialog.do_import()
    assert _count(database, TrainingRecord) == 0
