"""The agreement dialog's amounts read the office's own currency sign, as the payment and contact
dialogs do ("¥800", "800元" in a yuan office): the agreed amount of a settlement and a plan row's
amount; another currency's sign ("$800") is refused, naming the office's currency, and saving is
off. A draft saved with "¥…" keeps the amount typed. Real widgets on a copy of the demo office."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.money import fmt, to_minor
from tests.ui.cells import type_text
from tests.ui.test_agreements import database, dialog_for, free_cases, stored  # noqa: F401
from tests.ui.test_queue import grab, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
REFUSED = {
    "en": "is in $, but this office's amounts are in CNY",
    "zh_CN": "以 $ 计价，但本营业部的金额以 CNY 计",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_agreed_amount_and_plan_rows_take_the_offices_sign(
    qtbot,
    database,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    case_no = free_cases(database)[0]
    window = window_for(qtbot, database, "agent01")
    set_language(lang)
    try:
        dialog = dialog_for(qtbot, window, case_no)
        debt = dialog.terms.debt
        # A plan: each row's amount may carry the sign.
        assert dialog.plan.rowCount() > 1
        first = cell_text(dialog.plan, 0, 1)
        type_text(dialog.plan, 0, 1, f"¥{first}")
        assert dialog.save_button.isEnabled(), dialog.total.text()
        assert dialog.rows()[0].amount == to_minor(first)
        type_text(dialog.plan, 0, 1, f"{first}元")
        assert dialog.save_button.isEnabled(), dialog.total.text()
        type_text(dialog.plan, 0, 1, f"${first}")
        assert not dialog.save_button.isEnabled() and REFUSED[lang] in dialog.total.text()
        type_text(dialog.plan, 0, 1, first)
        # A settlement: the agreed amount too.
        dialog.kind.setCurrentIndex(dialog.kind.findData("settlement"))
        dialog.amount.setText(f"${fmt(debt)}")
        assert not dialog.save_button.isEnabled() and REFUSED[lang] in dialog.total.text()
        dialog.amount.setText(f"¥{fmt(debt)}")
        assert dialog.agreed_amount() == debt
        assert dialog.save_button.isEnabled(), dialog.total.text()
        QApplication.processEvents()
        grab(dialog, screenshot_dir / f"agreement_currency_sign_{lang}.png")
        assert dialog.try_save() is True
    finally:
        set_language("en")
    saved = stored(database, dialog.agreement_no)
    assert saved.settled_amount == debt
