"""QA round 6 in the window. Post payment of more than the loan owes in all (an extra zero) asks
"120,000.00 is 108,000.00 more than the loan owes (12,000.00). Post it and keep 108,000.00 as
credit on the loan?", No the default and Escape's: No posts nothing and keeps what was typed, Yes
posts (finding 5). A date before the disbursement names both dates; "1 000,50" says to use a
point (finding 6). The Loans page heads its date column as `export loans` does (finding 4). The
Import dialog's check names a loan a statement overpays. English and Chinese, real widgets, a
real database, screenshots."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.cases.payments import find_loan
from app.models import Payment
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import DEBT, DISBURSED, _today, _user, build_office
from tests.ui.shots import grab
from tests.ui.test_trust import when_modal

pytestmark = pytest.mark.gui
OVER = "120,000.00"
SAID = {
    "en": (
        "120,000.00 is 108,000.00 more than the loan owes (12,000.00).",
        "Post it and keep 108,000.00 as credit on the loan?",
    ),
    "zh_CN": (
        "120,000.00 比该贷款的全部欠款（12,000.00）多出 108,000.00。",
        "仍要入账，并将 108,000.00 记为该贷款的溢缴款吗？",
    ),
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_office(database)  # L1–L3 each owe 12,000.00, long overdue, agent01's cases
    yield database
    database.close()


def _dialog(qtbot: Any, database: Any) -> Any:
    from ui.dialogs.payment import PaymentDialog

    with database.sessions() as s:
        agent = _user(s, "agent01")
    dialog = PaymentDialog(database, agent, "L2")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _posted(database: Any) -> tuple[int, int]:
    with database.sessions() as s:
        count = s.scalar(select(func.count()).select_from(Payment))
        return int(count or 0), find_loan(s, "L2").credit_balance


def test_post_asks_before_more_than_the_loan_owes(qtbot, office, lang, screenshot_dir) -> None:
    dialog = _dialog(qtbot, office)
    dialog.amount.setText(OVER)
    dialog.reference.setText("R-0")
    asked: list[tuple[str, str]] = []

    def answer(yes: bool) -> Any:
        def press(box: QMessageBox) -> None:
            asked.append((box.text(), box.informativeText()))
            no = box.button(QMessageBox.StandardButton.No)
            assert box.defaultButton() is no and box.escapeButton() is no
            if yes:
                box.button(QMessageBox.StandardButton.Yes).click()
                return
            QApplication.processEvents()
            assert box.grab().save(str(screenshot_dir / f"payment_overpaying_ask_{lang}.png"))
            no.click()

        return press

    when_modal(QMessageBox, answer(yes=False))
    assert not dialog.try_post()
    assert asked == [SAID[lang]]
    assert _posted(office) == (0, 0)  # nothing posted
    assert dialog.isVisible() and dialog.payment is None
    assert (dialog.amount.text(), dialog.reference.text()) == (OVER, "R-0")
    when_modal(QMessageBox, answer(yes=True))
    assert dialog.try_post() and dialog.payment is not None
    assert len(asked) == 2 and _posted(office) == (1, 9 * DEBT)


def test_the_whole_debt_is_not_asked_about(qtbot, office) -> None:
    dialog = _dialog(qtbot, office)
    dialog.amount.setText(f"{DEBT / 100:.2f}")
    opened: list[str] = []
    stop = when_modal(QMessageBox, lambda box: (opened.append(box.text()), box.reject()))
    try:
        assert dialog.try_post()
    finally:
        stop()
    assert opened == [] and _posted(office) == (1, 0)


def test_refusals_say_what_to_write(qtbot, office, lang, screenshot_dir) -> None:
    dialog = _dialog(qtbot, office)
    dialog.amount.setText("1 000,50")
    comma = {
        "en": "Not an amount: 1 000,50. Use a point for the decimals: 1000.50.",
        "zh_CN": "不是有效金额：1 000,50。小数请用小数点：1000.50。",
    }
    assert dialog.preview_note.text() == comma[lang]  # while typing
    assert not dialog.try_post() and dialog.error.text() == comma[lang]
    grab(dialog, screenshot_dir / f"payment_decimal_comma_{lang}.png")
    day = DISBURSED - dt.timedelta(days=2)
    dialog.amount.setText("100.00")
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    assert dialog.paid_on() == day
    early = {
        "en": f"The payment on {day} predates the loan's disbursement on {DISBURSED}.",
        "zh_CN": f"{day} 的还款早于贷款的放款日期 {DISBURSED}。",
    }
    assert not dialog.try_post() and dialog.error.text() == early[lang]
    grab(dialog, screenshot_dir / f"payment_before_disbursal_{lang}.png")
    assert _posted(office) == (0, 0)


def test_the_import_check_names_an_overpaid_loan(qtbot, office, tmp_path, lang, screenshot_dir):
    from ui.dialogs.import_data import ImportDialog

    statement = tmp_path / "statement.csv"
    with open(statement, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["loan_no", "paid_on", "amount", "reference", "method"])
        writer.writerow(["L2", _today().isoformat(), "120000.00", "BANK-9", ""])
    with office.sessions() as s:
        admin = _user(s, "admin")
        s.expunge(admin)
    dialog = ImportDialog(office, admin, today=_today(), kind="payments", path=statement)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    said = {
        "en": "Paid more than the loan owes, to be kept as credit on it: L2 (108,000.00).",
        "zh_CN": "还款超过贷款的全部欠款，多付部分将记为溢缴款：L2（108,000.00）。",
    }
    assert said[lang] in dialog.summary.text() and dialog.import_button.isEnabled()
    grab(dialog, screenshot_dir / f"import_overpaid_{lang}.png")
