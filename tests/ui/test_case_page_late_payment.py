"""In the window (QA s46): a payment posted through Post payment… dated before the case opened
lowers the overdue amount and the days past due, and the case page's timeline lists it at when it
was recorded, saying its date. Real widgets, a real database (tests/core/ledger_office.py: Q1's
first instalment unpaid, its case opened the day after); screenshots in English and Chinese."""

from __future__ import annotations

import zoneinfo

import pytest
from sqlalchemy import select

from app.i18n import set_language
from app.models import Payment
from app.wall_clock import wall_time
from tests.ui.test_payment_date_order_window import (
    FIRST_DUE,
    _case_page,
    office,  # noqa: F401 - the fixture
)
from tests.ui.test_queue import grab
from ui.date_widgets import qdate
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
REF = "TX-LATE3"
SAID = {
    "en": "Payment 1,068.99 (transfer) recorded {day}, dated {date}, before the case opened",
    "zh_CN": "还款 1,068.99（转账）于 {day} 入账，付款日期 {date}，早于立案",
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_timeline_lists_a_payment_dated_before_the_case_opened(
    qtbot,
    office,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    from tests.ui.test_trust import when_modal
    from ui.dialogs.payment import PaymentDialog

    set_language(lang)
    window, page = _case_page(qtbot, office)
    opened, dpd = page.detail.opened_on, page.detail.dpd
    assert FIRST_DUE < opened and dpd > 0

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.setText("1068.99")
        dialog.date.setDate(qdate(FIRST_DUE))  # the day it fell due: before the case opened
        dialog.reference.setText(REF)
        assert dialog.try_post() is True

    when_modal(PaymentDialog, pay)
    assert page.post_payment() is not None
    assert page.detail.opened_on == opened and page.detail.dpd < dpd  # its figures changed
    with office.sessions() as s:
        at = s.scalar(select(Payment.created_at).where(Payment.reference == REF))
    day = wall_time(at, zoneinfo.ZoneInfo("Asia/Shanghai"), "%Y-%m-%d")
    table = page.timeline
    rows = [[cell_text(table, r, c) for c in range(4)] for r in range(table.rowCount())]
    row = next(r for r in rows if r[3] == REF)
    assert row[0] == wall_time(at, zoneinfo.ZoneInfo("Asia/Shanghai"))  # when it was recorded
    assert row[1] == ("Payment" if lang == "en" else "还款")
    assert row[2] == SAID[lang].format(day=day, date=FIRST_DUE)
    assert rows.index(row) == 0  # the newest event
    grab(window, screenshot_dir / f"case_page_late_payment_{lang}.png")
