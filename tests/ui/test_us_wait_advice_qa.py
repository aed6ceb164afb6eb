"""Under the US rule set a call within the wait after a conversation is blocked, and the contact
dialog says from which day the next call may be made and that an SMS or a letter is not held by
the wait (found by QA: the agent had to count the days). English and Chinese, real widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.contacts import log_contact
from app.models import User, VerdictKind
from tests.ui.test_contact_dialog import dialog_for, findings_text, pick
from tests.ui.test_queue import grab, open_office, window_for
from tests.ui.test_verdict_advice import REASON, midday_zone, no_consent_case

pytestmark = pytest.mark.gui
SAID = {
    "en": "The next call to the borrower may be made from {day}.",
    "zh_CN": "自 {day} 起可以再致电借款人。",
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def test_the_wait_says_when_the_next_call_may_be_made(
    qtbot, database, lang, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    zone = midday_zone()
    case_no, _person = no_consent_case(database, zone)
    now = dt.datetime.now(zone).replace(second=0, microsecond=0)
    talked = now - dt.timedelta(days=2)
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, "us")
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        log_contact(s, boss, case_no, channel="call", party="borrower", at=talked,
                    outcome="connected", override_by=boss, override_reason=REASON)  # fmt: skip
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(now - dt.timedelta(minutes=5))
    pick(dialog.outcome, "no_answer")
    assert dialog.refresh_verdict().kind is VerdictKind.BLOCKED
    free = (talked.date() + dt.timedelta(days=7)).isoformat()
    text = findings_text(dialog)
    assert SAID[lang].format(day=free) in text, text
    grab(dialog, screenshot_dir / f"contact_us_wait_advice_{lang}.png")
