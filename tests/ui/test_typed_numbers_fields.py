"""Amount fields read typed numbers by the core's one rule (tests/core/test_typed_numbers.py):
the Post payment dialog previews "1 000.00" grouped with any kind of space as a thousand, and
says of "٣٤٥" which character is not a digit 0–9 (it previewed 345); a plan's amount cell the
same. Real widgets, a real database; screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.agreements import PlanRow
from app.errors import CasedeskError
from app.i18n import set_language
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.settling_office import settling_office
from tests.core.test_agreements import _user
from tests.ui.cells import type_text
from ui.dialogs.agreement_rows import AMOUNT, fill_plan, plan_table, read_plan

pytestmark = pytest.mark.gui
NAMED = {
    "en": "Write numbers with the digits 0–9: ٣ (U+0663) in ٣٤٥ is not one.",
    "zh_CN": "请用数字 0–9 书写数字：٣٤٥ 中的 ٣ (U+0663) 不是其中之一。",
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    settling_office(database)
    yield database
    database.close()
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_payment_preview_reads_spaces_and_names_a_foreign_digit(
    qtbot, office, lang, screenshot_dir
) -> None:
    from ui.dialogs.payment import PaymentDialog

    set_language(lang)
    with office.sessions() as s:
        agent = _user(s, "agent01")
    dialog = PaymentDialog(office, agent, "L1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.amount.setText("1000.00")
    plain = dialog.preview_note.text()
    assert dialog.preview.model().rowCount() > 0
    for space in (" ", "\u00a0", "\u202f", "\u3000"):
        dialog.amount.setText(f"1{space}000.00")
        assert dialog.preview.model().rowCount() > 0 and dialog.preview_note.text() == plain
    dialog.amount.setText("٣٤٥")
    assert dialog.preview.model().rowCount() == 0
    assert dialog.preview_note.text() == NAMED[lang]
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / f"payment_foreign_digit_{lang}.png"))


def test_a_plan_cell_reads_spaces_and_names_a_foreign_digit(qtbot, lang) -> None:
    table = plan_table()
    qtbot.addWidget(table)
    first = dt.date(2030, 1, 10)
    fill_plan(table, [PlanRow(first + dt.timedelta(days=31 * n), 10_000) for n in range(2)])
    type_text(table, 0, AMOUNT, "1\u202f000.00")
    assert [row.amount for row in read_plan(table)] == [100_000, 10_000]
    type_text(table, 1, AMOUNT, "٣٤٥")
    with pytest.raises(CasedeskError) as raised:
        read_plan(table)
    assert "٣ (U+0663)" in raised.value.translated()
