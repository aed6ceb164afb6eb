"""The Import data dialog of a US office names the Social Security number in a duplicate's
problem (社会安全号, never 身份证号) and says which part of a refused one is never issued
(QA s47 Q-2, Q-3), in English and Chinese."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.office import create_office
from tests.conftest import TEST_KEY
from tests.ui.shots import grab
from tests.ui.test_import_dialog import _dialog
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
HEAD = "borrower_no,name,id_number,phone,segment"
ROWS = (
    "B1,Ann Lee,512-34-7788,(212) 555-0111,young",
    "B2,Bob Lee,512-34-7788,(212) 555-0112,young",
    "B3,Cat Lee,123-00-4567,(212) 555-0113,young",
)
WORDS = {
    "en": (
        "Social Security number ***-**-7788 is also on row 2 (borrower B1).",
        "******567 is not a Social Security number ever issued: the group number (its middle two "
        "digits) is never 00.",
    ),
    "zh_CN": (
        "社会安全号 ***-**-7788 也出现在第 2 行（借款人 B1）。",
        "******567 不是曾签发的社会安全号：组号（中间两位）从不为 00。",
    ),
}


@pytest.fixture
def us_office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(
            s,
            name="Brooklyn",
            admin_username="admin",
            admin_password="demo",
            jurisdiction="us",
            timezone="America/New_York",
            currency="USD",
        )
    yield db
    db.close()


def test_the_check_names_the_ssn_and_the_part_never_issued(
    qtbot, us_office, tmp_path, screenshot_dir, lang
):
    path = tmp_path / "borrowers.csv"
    path.write_text("\n".join((HEAD, *ROWS)) + "\n", encoding="utf-8")
    dialog = _dialog(qtbot, us_office, kind="borrowers", path=path)
    said = [cell_text(dialog.problems, r, 3) for r in range(dialog.problems.rowCount())]
    assert said == list(WORDS[lang])
    assert not any("身份证" in s or "ID number" in s for s in said)
    assert not dialog.import_button.isEnabled()
    grab(dialog, screenshot_dir / f"import-us-ssn-words-{lang}.png")
