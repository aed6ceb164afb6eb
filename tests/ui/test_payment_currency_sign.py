"""An amount typed with another currency's sign ("$800" in a yuan office) is refused, in English
and Chinese, said once: the preview's note says it while typing, the red line alone once Post is
pressed (QA: it read twice, in black and red). Nothing is posted. The office's own sign ("¥800",
"800元") is read as the import reads it (QA15). The core without the office's currency still
refuses any sign, naming the number to write instead."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.errors import ValidationError
from app.i18n import set_language
from app.models import Payment
from app.money import to_minor
from tests.core.test_agreements import _user
from tests.ui.test_typed_numbers_fields import office  # noqa: F401 (a fixture): loan L1

pytestmark = pytest.mark.gui
SAID = {
    "en": "The amount $800 is in $, but this office's amounts are in CNY: convert it to CNY and "
    "write the converted amount, without a currency sign.",
    "zh_CN": "金额 $800 以 $ 计价，但本营业部的金额以 CNY 计："
    "请换算为 CNY，填写换算后的金额，不带货币符号。",
}


@pytest.mark.parametrize(
    ("typed", "number"),
    [("¥800", "800"), ("￥1,234.50", "1,234.50"), ("800元", "800"), ("RMB 1,000", "1,000")],
)
def test_the_core_names_the_number_to_write(typed: str, number: str) -> None:
    with pytest.raises(ValidationError) as refused:
        to_minor(typed)
    assert refused.value.params["number"] == number
    assert refused.value.translated("en").endswith(f"without a currency sign: {number}.")
    for text in ("¥", "abc", "1e3", "¥1e3"):  # no amount inside: the words as before
        with pytest.raises(ValidationError) as refused:
            to_minor(text)
        assert refused.value.msgid == "Not an amount: {value}"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_dialog_says_it_once(qtbot, office, lang, screenshot_dir) -> None:  # noqa: F811
    from ui.dialogs.payment import PaymentDialog

    set_language(lang)
    with office.sessions() as s:
        agent = _user(s, "agent01")
        before = s.scalar(select(func.count(Payment.id)))
    dialog = PaymentDialog(office, agent, "L1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for own in ("¥800", "800元"):  # the office's own sign: read, the allocation previewed
        dialog.amount.setText(own)
        assert dialog.preview_note.text() != SAID[lang]
        assert dialog.preview.rowCount() > 0, dialog.preview_note.text()
    dialog.amount.setText("$800")
    assert dialog.preview_note.text() == SAID[lang]  # while typing
    assert not dialog.try_post()
    assert dialog.error.isVisible() and dialog.error.text() == SAID[lang]
    assert dialog.preview_note.text() == ""  # not said a second time above it
    QApplication.processEvents()
    assert dialog.grab().save(str(screenshot_dir / f"payment_currency_sign_{lang}.png"))
    with office.sessions() as s:
        assert s.scalar(select(func.count(Payment.id))) == before
