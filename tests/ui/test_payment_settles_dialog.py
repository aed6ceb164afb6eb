"""The Post payment dialog's preview says, before the payment is posted, that it completes a
settlement agreement, settles the loan and waives the rest (in English and Chinese); a smaller
amount says nothing of it. QA: such a payment gave no warning. Post then asks with the same
sentence, Cancel the default: Cancel posts nothing and keeps what was typed, Post payment posts;
a payment that settles nothing is not asked about. QA: the window only warned, where
`payment post` asks. Real widgets, a real database; screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import LoanStatus, Payment
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.settling_office import AGREED, PAID, settling_office
from tests.core.test_agreements import _user
from tests.ui.test_trust import when_modal

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
    when_modal(QMessageBox, lambda box: box.defaultButton().click())
    assert not dialog.try_post()  # Cancel is the default: nothing posted
    when_modal(QMessageBox, lambda box: box.buttons()[0].click())  # Post payment
    assert dialog.try_post()
    with database.sessions() as s:
        from app.cases.payments import find_loan

        assert find_loan(s, "L1").status is LoanStatus.SETTLED


def _open(qtbot: Any, database: Any) -> Any:
    from ui.dialogs.payment import PaymentDialog

    with database.sessions() as s:
        agent = _user(s, "agent01")
    dialog = PaymentDialog(database, agent, "L1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _posted(database: Any) -> tuple[int, LoanStatus]:
    from app.cases.payments import find_loan

    with database.sessions() as s:
        return s.scalar(select(func.count()).select_from(Payment)), find_loan(s, "L1").status


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_post_asks_before_a_payment_that_waives_the_rest(
    qtbot, office, lang, screenshot_dir
) -> None:
    database, number = office
    set_language(lang)
    dialog = _open(qtbot, database)
    rest = f"{(AGREED - PAID) / 100:.2f}"
    dialog.amount.setText(rest)
    dialog.reference.setText("R-77")
    before = _posted(database)
    asked: list[str] = []

    def answer(post: bool) -> Any:
        def press(box: QMessageBox) -> None:
            asked.append(box.text())
            cancel = box.defaultButton()
            assert cancel is box.escapeButton()
            assert cancel.text() == {"en": "Cancel", "zh_CN": "取消"}[lang]
            if not post:
                QApplication.processEvents()
                assert box.grab().save(str(screenshot_dir / f"payment_settles_ask_{lang}.png"))
                cancel.click()
                return
            [other] = [b for b in box.buttons() if b is not cancel]
            other.click()

        return press

    when_modal(QMessageBox, answer(post=False))
    assert not dialog.try_post()
    assert asked == [dialog.settles_note.text()]
    assert asked[0].startswith(SAID[lang].format(number=number))
    assert _posted(database) == before  # nothing posted, the loan not settled
    assert dialog.isVisible() and dialog.result() == 0 and dialog.payment is None
    assert (dialog.amount.text(), dialog.reference.text()) == (rest, "R-77")
    when_modal(QMessageBox, answer(post=True))
    assert dialog.try_post() and dialog.payment is not None
    assert len(asked) == 2
    count, status = _posted(database)
    assert count == before[0] + 1 and status is LoanStatus.SETTLED


@pytest.mark.parametrize("whole", [False, True])
def test_a_payment_that_waives_nothing_is_not_asked_about(qtbot, office, whole) -> None:
    """Short of the agreed amount: nothing said. The whole debt: the agreement completes, but
    nothing is waived (the note says the agreed amount is paid), so nothing to confirm."""
    database, number = office
    dialog = _open(qtbot, database)
    amount = dialog.outstanding if whole else AGREED - PAID - 1
    dialog.amount.setText(f"{amount / 100:.2f}")
    assert dialog.settles_note.isVisible() is whole
    if whole:
        assert dialog.settles_note.text() == (
            f"This payment completes agreement {number}: the agreed amount is paid."
        )
    opened: list[str] = []
    stop = when_modal(QMessageBox, lambda box: (opened.append(box.text()), box.reject()))
    try:
        assert dialog.try_post()
    finally:
        stop()
    assert opened == []
    assert (_posted(database)[1] is LoanStatus.ACTIVE) is not whole  # the whole debt closes it


def test_cancel_gives_the_keys_back_to_the_amount(qtbot, office) -> None:
    """Cancel on "Post this payment?" keeps the dialog as typed, with the keyboard back in the
    field it was in (it went nowhere until a click where no window manager hands the
    activation back)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    database, _number = office
    dialog = _open(qtbot, database)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.amount.setText(f"{(AGREED - PAID) / 100:.2f}")
    dialog.amount.setFocus()
    before = _posted(database)
    asked: list[str] = []

    def cancel(box: QMessageBox) -> None:
        asked.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Escape)

    when_modal(QMessageBox, cancel)
    assert not dialog.try_post()
    qtbot.wait(50)  # what the question's window leaving does to the activation, done
    assert asked and _posted(database) == before
    assert QApplication.activeWindow() is dialog
    assert QApplication.focusWidget() is dialog.amount
