"""The Import data dialog of a UK office: a borrower whose only number is a landline, and one
with no number, pass the check, which names them (no SMS reaches a landline); Import files the
landline as a home number and gives the other borrower none."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Borrower, Phone
from app.office import create_office
from tests.conftest import TEST_KEY
from tests.ui.shots import grab
from tests.ui.test_import_dialog import _dialog

pytestmark = pytest.mark.gui


@pytest.fixture
def uk_office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(shutil.copyfile(template_db, tmp_path / "office.db"), TEST_KEY)
    with db.session() as s:
        create_office(
            s,
            name="Leeds Lending",
            admin_username="admin",
            admin_password="demo",
            jurisdiction="uk",
            timezone="Europe/London",
            currency="GBP",
        )
    yield db
    db.close()


def test_a_landline_and_an_empty_phone_cell_pass_the_check(
    qtbot, uk_office, tmp_path, screenshot_dir, lang
) -> None:
    path = tmp_path / "borrowers.csv"
    path.write_text(
        "borrower_no,name,id_number,phone,segment\n"
        "GB1,Margaret Thompson,AB 65 43 21 B,0113 496 0123,mature\n"
        "GB2,Tom Hughes,AB 12 34 58 C,,young\n",
        encoding="utf-8",
    )
    dialog = _dialog(qtbot, uk_office, kind="borrowers", path=path)
    words = {
        "en": (
            "To be imported as landlines, which cannot receive SMS: row 2: +44 11****0123 of "
            "borrower GB1.",
            "To be imported without a phone number",
        ),
        "zh_CN": (
            "以下号码将作为座机导入，无法接收短信：第 2 行：借款人 GB1 的 +44 11****0123。",
            "以下借款人将在没有电话号码的情况下导入",
        ),
    }
    for said in words[lang]:
        assert said in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.problems.rowCount() == 0
    grab(dialog, screenshot_dir / f"landline-import-preview-{lang}.png")
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.import_button.click()
    with uk_office.sessions() as s:
        phones = s.execute(
            select(Borrower.borrower_no, Phone.number, Phone.kind)
            .outerjoin(Phone, Phone.borrower_id == Borrower.id)
            .order_by(Borrower.borrower_no)
        ).all()
    assert [tuple(p) for p in phones] == [
        ("GB1", "+441134960123", "home"),
        ("GB2", None, None),
    ]
