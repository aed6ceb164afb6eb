"""QA round 6, finding 4 in the window: the Loans page heads its date column "Oldest unpaid due"
(最早未还应还日), the header `export loans` writes; a long-overdue loan shows its first
instalment's due date, in the past (it was headed "Next due"). Real widgets, a real database,
screenshots in English and Chinese."""

from __future__ import annotations

import pytest

from app.export_kinds import KINDS
from app.i18n import tr
from app.loans.schedule import add_months
from tests.core.test_agreements import DISBURSED
from tests.ui.cells import header_text
from tests.ui.shots import grab
from tests.ui.test_payment_overpaying import office  # noqa: F401 (a fixture)
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def test_the_loans_page_heads_its_date_column_as_the_export(
    qtbot,
    office,  # noqa: F811
    lang,
    screenshot_dir,
) -> None:
    from ui.pages.loans import LoansPage
    from ui.signals import ChangeHub

    page = LoansPage(office, ChangeHub())
    qtbot.addWidget(page)
    page.resize(1000, 520)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 3)
    last = page.table.model().columnCount() - 1
    heading = {"en": "Oldest unpaid due", "zh_CN": "最早未还应还日"}[lang]
    assert header_text(page.table, last) == heading == tr(KINDS["loans"].headers[-1])
    first = add_months(DISBURSED, 1)  # the loans are long overdue: a date in the past
    assert [cell_text(page.table, row, last) for row in range(3)] == [first.isoformat()] * 3
    grab(page, screenshot_dir / f"loans_oldest_unpaid_{lang}.png")
