"""ImportDialog on a fresh office as the admin: a preview listing every problem by row and column,
a clean file imported off the GUI thread, a cancel that leaves nothing, the template, the main
window's button for admins only, and the dialog in Chinese."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.auth import add_user
from app.i18n import set_language
from app.models import Borrower, Instalment, User
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.core import importer_files as f
from tests.ui.cells import header_text
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        _, admin = create_office(s, name="导入测试", admin_username="admin", admin_password="demo")
        add_user(s, admin, "supervisor", "supervisor", "demo")
    yield db
    db.close()


def _user(db, name: str = "admin") -> User:
    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == name))
        s.expunge(user)
        return user


def _count(db, model) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def _dialog(qtbot, db, **kw):
    from ui.dialogs.import_data import ImportDialog

    dialog = ImportDialog(db, _user(db), today=TODAY, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    return dialog


def _cells(table) -> list[list[str]]:
    return [
        [cell_text(table, r, c) for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_preview_lists_every_problem_and_imports_nothing(qtbot, database, tmp_path, screenshot_dir):
    rows = f.borrowers(6)
    rows[1][2] = "1.10105E+17"
    rows[2][3] = "010-62345678"
    rows[4][0] = rows[0][0]
    path = f.write_xlsx(
        tmp_path / "借款人.xlsx",
        f.BORROWER_ZH,
        rows,
        title="借款人台账",
        merged_header=True,
        empty_rows=20,
        id_as_number=3,
    )
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    problems = _cells(dialog.problems)
    assert [p[:3] for p in problems] == [
        ["借款人.xlsx", "5", "身份证号"],
        ["借款人.xlsx", "6", "手机号"],
        ["借款人.xlsx", "7", "身份证号"],
        ["借款人.xlsx", "8", "借款人编号"],
    ]
    assert "saved as a number" in problems[0][3] and "stored as a number" in problems[2][3]
    assert dialog.rows.rowCount() == 6 and header_text(dialog.rows, 2) == "身份证号"
    assert not dialog.import_button.isEnabled()
    assert "4 problems on 4 rows" in dialog.summary.text()
    dialog.grab().save(str(screenshot_dir / "import_preview_problems.png"))
    dialog.start_import()  # refused: the preview has problems
    assert dialog.worker is None and _count(database, Borrower) == 0


def test_an_empty_file_is_a_problem_with_the_file_not_a_row(qtbot, database, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    assert "1 problem with the file itself" in dialog.summary.text()
    assert "on 1 row" not in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_clean_files_import_off_the_gui_thread(qtbot, database, tmp_path, screenshot_dir):
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(8))
    dialog = _dialog(qtbot, database, kind="borrowers", path=borrowers)
    assert dialog.import_button.isEnabled() and "8 to import" in dialog.summary.text()
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.import_button.click()
    assert dialog.imported is not None and dialog.imported.new == 8
    assert _count(database, Borrower) == 8

    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(8))
    sched = f.write_csv(tmp_path / "schedule.csv", f.SCHEDULE_ZH, f.schedule(8))
    dialog = _dialog(qtbot, database, kind="loans", path=loans, schedule=sched)
    assert dialog.schedule_row.isVisible() and dialog.import_button.isEnabled()
    dialog.grab().save(str(screenshot_dir / "import_preview_loans.png"))
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.start_import()
    assert dialog.imported.details["instalments"] == 96
    assert _count(database, Instalment) == 96


def test_cancel_leaves_nothing(qtbot, database, tmp_path):
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(40))
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    dialog.start_import()
    dialog.worker.stop.set()  # what the progress dialog's Cancel does
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert dialog.imported is None and "cancelled" in dialog.summary.text()
    assert _count(database, Borrower) == 0


def test_template_and_window_button(qtbot, database, tmp_path):
    from ui.dialogs.import_data import ImportDialog
    from ui.main_window import MainWindow

    dialog = ImportDialog(database, _user(database), kind="payments")
    qtbot.addWidget(dialog)
    saved = dialog.save_template(tmp_path / "payments.xlsx")
    assert saved is not None and saved.exists()
    assert not dialog.schedule_row.isVisible()
    admin = MainWindow(database, _user(database))
    supervisor = MainWindow(database, _user(database, "supervisor"))
    for w in (admin, supervisor):
        qtbot.addWidget(w)
    assert not admin.import_button.isHidden() and supervisor.import_button.isHidden()


def test_dialog_in_chinese(qtbot, database, tmp_path, screenshot_dir):
    rows = f.borrowers(3)
    rows[1][3] = "12345"
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    set_language("zh_CN")
    try:
        dialog = _dialog(qtbot, database, kind="borrowers", path=path)
        assert dialog.windowTitle() == "导入数据"
        assert "不是" in _cells(dialog.problems)[0][3]
        dialog.grab().save(str(screenshot_dir / "import_preview_zh.png"))
    finally:
        set_language(None)
