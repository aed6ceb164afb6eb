"""The contact dialog on contacts logged after the fact, judged as of their own time (QA s46), in
English and Chinese: a call at night before the borrower's consent to contact in quiet hours was
recorded is blocked, saying when the consent was recorded (not how to record it); the warning
"Loan with legal" shows for a contact dated while the loan was with legal, also after it is
recalled, and not for one dated before it went. The consent and the decision are dated at noon
yesterday, the contacts yesterday: no hour or day of the run matters."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.borrowers import update_borrower_flags
from app.loans.closure import RECALL, decide
from app.models import Borrower, Case, Loan, RelatedPerson, User, VerdictKind
from app.models.base import acting_at
from tests.ui.test_contact_dialog import agent_case, dialog_for, findings_text, pick, yesterday_at
from tests.ui.test_legal_case_contact import WORDS, legal_case
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui
LATER = {
    "en": ("was recorded only at {at}", "after this contact's time, so it does not cover"),
    "zh_CN": ("到 {at} 才记录", "晚于本次联系的时间，因此不适用于本次联系"),
}
LEGAL_THEN = {
    "en": "The loan was with legal at this contact's time (from {sent} until ",
    "zh_CN": "本次联系发生时，该贷款正处于转法务期间（{sent} 至 ",
}
HOW = {"en": "a supervisor records it", "zh_CN": "由主管在借款人的停止联系标记中勾选"}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _supervisor(s) -> User:  # type: ignore[no-untyped-def]
    return s.scalar(select(User).where(User.username == "supervisor"))


def test_a_night_call_before_the_consent_says_when_it_was_recorded(
    qtbot, database, lang, screenshot_dir
) -> None:
    case_no, zone, person_id = agent_case(database)
    noon = yesterday_at(zone, 12)
    with database.session() as s, acting_at(noon.astimezone(dt.UTC)):
        borrower = s.get_one(Borrower, s.get_one(RelatedPerson, person_id).borrower_id)
        update_borrower_flags(
            s, _supervisor(s), borrower.borrower_no, expected_version=borrower.version,
            note="借款人电话中同意晚间联系", quiet_hours_consent=True,
        )  # fmt: skip
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(yesterday_at(zone, 1, 31))  # the night before the consent was recorded
    pick(dialog.outcome, "no_answer")
    dialog.refresh_verdict()
    assert dialog.panel.kind is VerdictKind.BLOCKED
    shown = html.unescape(findings_text(dialog))
    when, why = LATER[lang]
    assert when.format(at=noon.strftime("%Y-%m-%d %H:%M")) in shown and why in shown
    assert HOW[lang] not in shown  # the consent is on file: nothing to record
    grab(dialog, screenshot_dir / f"contact_dialog_consent_later_{lang}.png")
    dialog.set_time(yesterday_at(zone, 22, 30))  # after it: allowed because the borrower agreed
    dialog.refresh_verdict()
    assert dialog.panel.kind is not VerdictKind.BLOCKED


def test_loan_with_legal_follows_when_it_was(qtbot, database, lang, screenshot_dir) -> None:
    case_no, zone = legal_case(database)
    with database.session() as s:
        loan = s.scalar(
            select(Loan).join(Case, Case.loan_id == Loan.id).where(Case.case_no == case_no)
        )
        loan.legal_at = yesterday_at(zone, 12).astimezone(dt.UTC)  # sent to legal at noon
    window = window_for(qtbot, database, "supervisor")
    dialog = dialog_for(qtbot, window, case_no)
    name, words = WORDS[lang]

    def warned(hour: int, said: str = words) -> bool:
        dialog.set_time(yesterday_at(zone, hour))
        pick(dialog.outcome, "no_answer")
        dialog.refresh_verdict()
        return name in findings_text(dialog) and said in findings_text(dialog)

    assert not warned(10)  # before it went to legal
    assert warned(14)
    with database.session() as s:
        decide(s, _supervisor(s), case_no, RECALL, "律师建议先行协商，撤回法务")
    # Recalled since: it was with legal then, said in the past with when (QA s46 J-4).
    sent = yesterday_at(zone, 12).strftime("%Y-%m-%d %H:%M")
    assert warned(14, html.escape(LEGAL_THEN[lang].format(sent=sent)))  # the panel's HTML
    assert not warned(14)  # not "is with legal"
    grab(dialog, screenshot_dir / f"contact_dialog_legal_then_{lang}.png")
    assert not warned(10)
