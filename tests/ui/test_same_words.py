"""The same thing said in the same words (noticed and left alone by earlier sessions): two
passwords that differ read "The two passwords differ." in the first-run wizard and in Add account
(one msgid, app/passwords.py check_typed_twice), and the training records' import says its rows
and their problems as the loan book's import does ("Row", "3 problems on 2 rows. Fix the file
and choose it again …", app/importer/report.py problems_on_rows) — it said "lines" and "error"."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import plural, tr
from app.importer.report import ImportReport
from tests.ui.cells import header_text
from tests.ui.test_queue import grab
from tests.ui.test_training_page import _csv, _today, _user, _window, database
from ui.dialogs.import_data import PROBLEM_HEADERS
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui
__all__ = ["database"]


def test_the_wizard_and_add_account_say_a_mismatch_alike(qtbot, database, lang) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.tab_dialogs import new_account
    from ui.wizard import AdminPage

    page = AdminPage()
    qtbot.addWidget(page)
    page.username.setText("admin")
    page.password.setText("Long-enough-42")
    page.repeat.setText("Long-enough-43")
    assert not page.validatePage()
    dialog = new_account(database, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("agent77")
    dialog.password.setText("Long-enough-42")
    dialog.repeat.setText("Long-enough-43")
    assert not dialog.try_save()
    assert dialog.error.text() == page.error.text() == tr("The two passwords differ.")
    assert dialog.repeat.text() == ""  # typed again


def test_the_training_import_says_rows_and_problems_as_the_loan_import_does(  # type: ignore[no-untyped-def]
    qtbot, database, tmp_path, lang, screenshot_dir
) -> None:
    from ui.dialogs.training_import import TrainingImportDialog

    day = _today().isoformat()
    later = (_today() + dt.timedelta(days=5)).isoformat()
    path = _csv(
        tmp_path / "bad.csv",
        [
            f"agent02,SAFE,{day},90,李老师,证书",
            f"nobody,SAFE,{day},130,李老师,",  # two problems on one row
            f"agent04,NEGO,{later},80,李老师,",
        ],
    )
    window = _window(qtbot, database, _user(database))
    dialog = TrainingImportDialog(database, _user(database), path, parent=window.training)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.errors.rowCount() == 3
    loans = ImportReport("loans", ["loans.csv"], dry_run=True)
    for row, column in ((3, "username"), (3, "score"), (4, "taken on")):
        loans.problem("loans.csv", row, column, "x")
    said = dialog.summary.text()
    assert loans.problems_text() in said  # "3 problems on 2 rows. Fix the file and choose …"
    assert said.startswith(plural(1, "{count} row is valid.", "{count} rows are valid."))
    headers = [header_text(dialog.errors, n) for n in range(dialog.errors.columnCount())]
    assert headers == [tr(h) for h in PROBLEM_HEADERS[1:]]  # Row, Column, Problem
    assert plain(header_text(dialog.rows, 0)) == tr("Row")
    grab(dialog, screenshot_dir / f"training_import_problems_{lang}.png")
