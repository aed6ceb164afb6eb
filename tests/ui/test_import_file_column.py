"""The Import dialog's problems name their file only when it says something: the file in the
File field is not repeated on every row; a loan file's schedule with problems of its own is
told apart by a name cut in the middle, the whole name in its tooltip (en and zh)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import User
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.core import importer_files as f
from tests.ui.cells import cell_tip
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
TODAY = dt.date(2026, 11, 28)
LONG = "2026年11月第二分行贷后台账导出_含还款计划_最终版（核对后）"


@pytest.fixture
def database(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(s, name="导入测试", admin_username="admin", admin_password="demo")
    yield db
    db.close()


def _dialog(qtbot, db, **kw):
    from ui.dialogs.import_data import ImportDialog

    with db.sessions() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(user)
    dialog = ImportDialog(db, user, today=TODAY, **kw)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    return dialog


def test_one_file_is_not_named_on_every_row(qtbot, database, tmp_path, lang, screenshot_dir):
    rows = f.borrowers(6)
    for n in (1, 2, 4):
        rows[n][3] = "12345"
    path = f.write_csv(tmp_path / f"{LONG}.csv", f.BORROWER_ZH, rows)
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    problems = dialog.problems
    assert problems.rowCount() == 3
    assert problems.isColumnHidden(0)
    # The width the column gave up goes to the problems, not to a blank strip at the right.
    used = sum(problems.columnWidth(c) for c in (1, 2, 3))
    assert used >= problems.viewport().width() - 2
    dialog.grab().save(str(screenshot_dir / f"import_file_column_one_{lang}.png"))


def test_a_schedule_file_is_told_apart_by_a_short_name(
    qtbot, database, tmp_path, lang, screenshot_dir
):
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(4))
    _dialog(qtbot, database, kind="borrowers", path=borrowers).start_import()
    qtbot.waitUntil(lambda: _count_borrowers(database) == 4, timeout=30_000)
    loans = f.loans(4)
    loans[1][3] = "abc"
    plan = f.schedule(4)
    plan[3][2] = "2025/2/30"
    loan_file = f.write_csv(tmp_path / f"{LONG}_贷款.csv", f.LOAN_ZH, loans)
    plan_file = f.write_csv(tmp_path / f"{LONG}_还款计划.csv", f.SCHEDULE_ZH, plan)
    dialog = _dialog(qtbot, database, kind="loans", path=loan_file, schedule=plan_file)
    problems = dialog.problems
    assert not problems.isColumnHidden(0)
    shown = {cell_text(problems, r, 0) for r in range(problems.rowCount())}
    tips = {cell_tip(problems, r, 0) for r in range(problems.rowCount())}
    assert tips == {loan_file.name, plan_file.name}
    assert len(shown) == 2  # still two names, each cut short
    for text in shown:
        assert "…" in text and text.endswith(".csv") and len(text) < len(LONG)
    metrics = problems.fontMetrics()
    assert problems.columnWidth(0) < metrics.horizontalAdvance(loan_file.name)
    assert problems.columnWidth(3) > problems.columnWidth(0)
    dialog.grab().save(str(screenshot_dir / f"import_file_column_two_{lang}.png"))


def _count_borrowers(db) -> int:
    from sqlalchemy import func

    from app.models import Borrower

    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Borrower))
