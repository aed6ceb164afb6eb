"""The Import data dialog's check (QA qa11): a loans file's rates read as fractions (0.3 as 30%)
or above 24% a year named by row before Import (finding 4); a training file's row that repeats
an earlier one said, as both training commands say it (finding 7)."""

from __future__ import annotations

import pytest

from app.importer import import_file
from tests.core import importer_files as f
from tests.ui.shots import grab
from tests.ui.test_import_dialog import TODAY, _dialog, _user, database  # noqa: F401 (fixture)
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
RATE = 4  # the rate column in importer_files.LOAN_ZH rows


def test_the_check_names_rates_read_as_fractions(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(3))
    with database.session(write_lock=True) as s:
        assert import_file(s, _user(database), "borrowers", path, today=TODAY).ok
    loans = f.loans(3)
    loans[0][RATE], loans[1][RATE] = "0.125", "0.3"
    path = f.write_xlsx(tmp_path / "贷款.xlsx", f.LOAN_ZH, loans, title="贷款台账")
    dialog = _dialog(qtbot, database, kind="loans", path=path)
    words = {
        "en": (
            "row 3: 0.125 read as 12.50%; row 4: 0.3 read as 30.00%. If one means a per cent, "
            "write it with the sign (0.5%). Rates above 24% a year, which Chinese courts may not "
            "uphold: row 4: 30.00%."
        ),
        "zh_CN": (
            "第 3 行：0.125 读作 12.50%；第 4 行：0.3 读作 30.00%。如某个利率本意是百分数，请带上 "
            "% 号填写（如 0.5%）。年利率高于 24%，法院可能不予支持：第 4 行：30.00%。"
        ),
    }
    assert words[lang] in dialog.summary.text(), dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.problems.rowCount() == 0
    assert cell_text(dialog.rows, 1, RATE) == "0.3"
    grab(dialog, screenshot_dir / f"rates-import-preview-{lang}.png")


def test_a_rate_above_36_is_the_row_problem(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    with database.session(write_lock=True) as s:
        assert import_file(s, _user(database), "borrowers", path, today=TODAY).ok
    loans = f.loans(2)
    loans[1][RATE] = "0.5"
    dialog = _dialog(
        qtbot, database, kind="loans", path=f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, loans)
    )
    words = {
        "en": "0.5 was read as 50.00% a year",
        "zh_CN": "0.5 读作年利率 50.00%",
    }
    assert [cell_text(dialog.problems, 0, c) for c in (1, 2)] == ["3", "年利率"]
    assert cell_text(dialog.problems, 0, 3).startswith(words[lang])
    assert not dialog.import_button.isEnabled()
    grab(dialog, screenshot_dir / f"rates-import-problem-{lang}.png")


def test_the_check_says_a_training_row_repeated_in_the_file(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    path = tmp_path / "培训.csv"
    row = "supervisor,LAW,2026-11-03,88\n"
    path.write_text(
        "用户名,课程,日期,分数\n" + row + "supervisor,SAFE,2026-11-04,90\n" + row, "utf-8"
    )
    dialog = _dialog(qtbot, database, kind="training", path=path)
    words = {
        "en": "1 row repeats an earlier row of the file and will be skipped.",
        "zh_CN": "1 行与文件中前面的行重复，将被跳过。",
    }
    assert words[lang] in dialog.summary.text(), dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.problems.rowCount() == 0
    grab(dialog, screenshot_dir / f"training-repeated-import-preview-{lang}.png")
