"""The contact dialog's verdict panel on a number a call found wrong (the rule
number_found_invalid), in English and Chinese, on the demo office with real widgets: the next
call to it was judged "Allowed" with no finding while the dialog listed the number as invalid
(QA); now the panel holds it for a supervisor and says when it was found wrong and what to do."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import tr
from app.models import User, VerdictKind
from tests.ui.test_new_agent_day_qa33 import _call, _noon_yesterday, _plain_case
from tests.ui.test_queue import open_office

pytestmark = pytest.mark.gui
WORDS = {
    "en": (
        "No contact on a number found invalid",
        "a call on this number reached someone other than the borrower (wrong number).",
        "Use another of the borrower's numbers, or confirm this one with the borrower first.",
    ),
    "zh_CN": (
        "不联系已发现无效的号码",
        "拨打此号码时，接听者并非借款人（号码错误）。",
        "请改用借款人的其他号码，或先与借款人确认此号码。",
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_verdict_panel_holds_a_call_to_a_number_found_wrong(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.contact import ContactDialog

    case_no, zone, number = _plain_case(database)
    _call(database, case_no, zone, number, 0, "wrong_number")
    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
    dialog = ContactDialog(database, sup, case_no)
    qtbot.addWidget(dialog)
    dialog.number.setCurrentIndex(dialog.number.findData(number))
    assert dialog.number.currentText().endswith(" · " + tr("invalid"))
    dialog.set_time(_noon_yesterday(zone, 30))
    dialog.show()
    dialog.refresh_verdict()
    assert dialog.panel.kind is VerdictKind.NEEDS_OVERRIDE
    assert dialog.panel.header.text() == tr("Needs a supervisor's override")
    text = "\n".join(line.text() for line in dialog.panel.lines)
    name, reason, todo = WORDS[lang]
    day = _noon_yesterday(zone).date().isoformat()
    assert name in text and f"{day} {reason}" in text and escape(todo) in text, text
    assert dialog.grab().save(str(screenshot_dir / f"wrongnumber-panel-{lang}.png"))
