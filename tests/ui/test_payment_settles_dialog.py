"""The Post payment dialog's preview says, before the payment is posted, that it completes a
settlement agreement, settles the loan and waives the rest (in English and Chinese); a smaller
amount says nothing of it. QA: such a payment gave no warning. Real widgets, a real database;
screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.models import LoanStatus
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.settling_office import AGREED, PAID, settling_office
from tests.core.test_agreements import _user

pytestmark = pytest.mark.gui
SAID = {
    "en": "This payment completes agreement {number} and settles loan L1: the rest of the debt",
    "zh_CN": "这笔还款将使还款协议 {number} 履行完毕，贷款 L1 随即结清：剩余欠款",
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    number = settling_office(database)
    yield database, number
    database.close()
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_preview_says_the_payment_settles_the_loan(qtbot, office, lang, screenshot_dir) -> None:
    from ui.dialogs.payment import PaymentDialog

    database, number = office
    set_language(lang)
    with database.sessions() as s:
        agent = _user(s, "agent01")
    dialog = PaymentDialog(database, agent, "L1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rest = AGREED - PAID
    dialog.amount.setText(f"{(rest - 1) / 100:.2f}")
    assert dialog.settles_note.isHidden()
    dialog.amount.setText(f"{rest / 100:.2f}")
    said = dialog.settles_note.text()
    assert dialog.settles_note.isVisible() and said.startswith(SAID[lang].format(number=number))
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / f"payment_settles_{lang}.png"))
    assert dialog.try_post()
    with database.sessions() as s:
        from app.cases.payments import find_loan

        assert find_loan(s, "L1").status is LoanStatus.SETTLED
