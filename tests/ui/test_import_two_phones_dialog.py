"""The Import data dialog's check of a borrowers workbook with two numbers in a phone cell: the
rows to import, and how many phone numbers they bring (the first in each cell the primary)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import Borrower, Phone
from tests.core import importer_files as f
from tests.ui.shots import grab
from tests.ui.test_import_dialog import _dialog, database  # noqa: F401 (the fixture)
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
MOBILE = 3  # the phone column in importer_files.BORROWER_ZH rows


def test_the_check_counts_every_number_in_the_cells(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    rows = f.borrowers(3)
    rows[0][MOBILE] = "13812345674/13900001111"
    rows[1][MOBILE] = "138 1234 5675 (本人) 139 0000 1112"
    path = f.write_xlsx(tmp_path / "借款人.xlsx", f.BORROWER_ZH, rows, title="借款人台账")
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    words = {
        "en": "The new borrowers bring 5 phone numbers",
        "zh_CN": "新借款人共带来电话号码 5 个",
    }
    assert words[lang] in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.problems.rowCount() == 0
    # Each number masked on its own, the separator and the note as written.
    assert cell_text(dialog.rows, 0, MOBILE) == "138****5674/139****1111"
    assert cell_text(dialog.rows, 1, MOBILE) == "138******5675 (本人) 139******1112"
    grab(dialog, screenshot_dir / f"twophones-import-preview-{lang}.png")
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.import_button.click()
    with database.sessions() as s:
        numbers = s.scalars(
            select(Phone.number)
            .join(Borrower, Borrower.id == Phone.borrower_id)
            .where(Borrower.borrower_no == "B000002")
            .order_by(Phone.id)
        ).all()
    assert numbers == ["+8613812345675", "+8613900001112"]


def test_a_bad_number_beside_a_good_one_is_the_row_problem(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    rows = f.borrowers(2)
    rows[1][MOBILE] = "13812345675；1390000111"
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, rows)
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    words = {
        "en": "Not a Chinese mobile number: 1390000111",
        "zh_CN": "不是中国大陆手机号：1390000111",
    }
    assert [cell_text(dialog.problems, 0, c) for c in (1, 2, 3)] == ["3", "手机号", words[lang]]
    assert not dialog.import_button.isEnabled()
    grab(dialog, screenshot_dir / f"twophones-import-problem-{lang}.png")
