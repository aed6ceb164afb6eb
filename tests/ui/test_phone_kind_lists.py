"""The case page's Phones and the borrower pane's phone table say which number is a landline (no
SMS reaches it), as the contact dialog's number list does: "· landline" / "· 座机". A UK borrower
with a home landline, a work mobile and a mobile; real widgets, English and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.auth import authenticate
from app.i18n import set_language, tr
from app.models import Borrower
from app.privacy import mask_phone
from app.queries.borrowers import borrower_detail
from tests.core.sms_office import HOME, MOBILE, WORK_MOBILE, build_uk_case
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_case_page_and_the_pane_say_which_number_is_a_landline(
    qtbot, qapp, db, lang, screenshot_dir
) -> None:
    from ui.pages.borrower_detail import BorrowerDetailPane
    from ui.pages.case_page import CasePage
    from ui.signals import ChangeHub

    with db.session() as s:
        case_no = build_uk_case(s)
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    set_language(lang)
    try:
        page = CasePage(db, ChangeHub(), agent)
        qtbot.addWidget(page)
        page.resize(1200, 800)
        page.show()
        assert page.show_case(case_no)
        shown = page.borrower_form.values["Phones"].text()
        QApplication.processEvents()
        assert page.grab().save(str(screenshot_dir / f"case_phone_kinds_{lang}.png"))
        landline, work = tr("landline"), tr("Work")
        assert f"{mask_phone(HOME)} · {landline}" in shown, shown
        assert f"{mask_phone(WORK_MOBILE)} · {work}" in shown, shown  # takes SMS: no landline
        assert f"{mask_phone(MOBILE)} ·" not in shown and mask_phone(MOBILE) in shown, shown
        assert shown.count(landline) == 1
        # The country code apart, as +86 138****5678: +44 28****1234, not +44******1234.
        assert "+44 28****1234" in shown and "+44 79****3456" in shown, shown

        pane = BorrowerDetailPane()
        qtbot.addWidget(pane)
        with db.sessions() as s:
            bid = s.scalar(select(Borrower.id).where(Borrower.borrower_no == "B1"))
            pane.show_detail(borrower_detail(s, bid))
        pane.resize(900, 700)
        pane.show()
        table = pane.phones
        kinds = {cell_text(table, r, 0): cell_text(table, r, 1) for r in range(table.rowCount())}
        QApplication.processEvents()
        assert pane.grab().save(str(screenshot_dir / f"borrower_phone_kinds_{lang}.png"))
    finally:
        set_language("en")
    assert kinds == {
        mask_phone(HOME): f"{tr('Home', lang=lang)} · {tr('landline', lang=lang)}",
        mask_phone(WORK_MOBILE): tr("Work", lang=lang),
        mask_phone(MOBILE): tr("Mobile", lang=lang),
    }
