"""A contact the daily caps or the third-party consent rule block says what to do next under the
rule's words, in English and Chinese (found by QA: "the daily limit is 3" and "this person has
not agreed to be contacted" left the agent to guess whether tomorrow, another number or another
person would do)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.contacts import log_contact
from app.models import Borrower, Case, CaseStatus, Loan, RelatedPerson, User, VerdictKind
from tests.ui.test_contact_dialog import RELATIVES, dialog_for, findings_text, pick
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui
REASON = "The borrower asked to be called back today."
ADVICE = {
    "en": (
        "No more conversations with the borrower today: try again tomorrow.",
        "Contact the borrower or a guarantor instead, or a related person who agreed to be "
        "contacted.",
    ),
    "zh_CN": (
        "今天不能再与借款人通话：请明天再联系。",
        "请改为联系借款人本人或担保人，或已同意被联系的关联人。",
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def midday_zone() -> zoneinfo.ZoneInfo:
    """A fixed-offset zone where it is now between 12:00 and 13:00: three calls in the last three
    hours fall on the borrower's today and outside quiet hours, whatever the hour of the run."""
    offset = 12 - dt.datetime.now(dt.UTC).hour  # -11 … +12, all of them Etc/GMT zones
    return zoneinfo.ZoneInfo(f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT")


def no_consent_case(database, zone: zoneinfo.ZoneInfo) -> tuple[str, int]:
    """An open case of agent01's on a loan without third-party consent, with a relative who did
    not agree to be contacted; its borrower moved to `zone`."""
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case_no, borrower_id, person_id = s.execute(
            select(Case.case_no, Borrower.id, RelatedPerson.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.paused.is_(False),
                Loan.third_party_consent.is_(False),
                Borrower.contact_refused.is_(False),
                Borrower.has_lawyer.is_(False),
                RelatedPerson.relation.in_(RELATIVES),
                RelatedPerson.consent_to_contact.is_(False),
                RelatedPerson.do_not_contact.is_(False),
                RelatedPerson.phone != "",
            )
            .order_by(Case.id)
        ).first()
        s.get(Borrower, borrower_id).timezone = zone.key
    return case_no, person_id


def test_a_blocked_contact_says_what_to_do(qtbot, database, lang, screenshot_dir) -> None:
    zone = midday_zone()
    case_no, person_id = no_consent_case(database, zone)
    now = dt.datetime.now(zone).replace(second=0, microsecond=0)
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        for hours in (3, 2, 1):  # the day's three conversations
            at = now - dt.timedelta(hours=hours)
            result = log_contact(
                s,
                boss,
                case_no,
                channel="call",
                party="borrower",
                at=at,
                outcome="connected",
                override_by=boss,
                override_reason=REASON,
            )
            assert result.saved
    conversations, third_party = ADVICE[lang]
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(now - dt.timedelta(minutes=5))
    pick(dialog.outcome, "connected")
    assert dialog.refresh_verdict().kind is VerdictKind.BLOCKED
    assert conversations in findings_text(dialog)
    assert third_party not in findings_text(dialog)
    grab(dialog, screenshot_dir / f"contact_blocked_advice_{lang}.png")
    pick(dialog.party, "relative")
    pick(dialog.person, person_id)
    assert dialog.refresh_verdict().kind is VerdictKind.BLOCKED
    text = findings_text(dialog)
    assert third_party in text and conversations not in text  # the cap counts the borrower's
    assert not dialog.try_save()  # blocked: recorded, not saved, and the advice stays
    qtbot.waitUntil(lambda: third_party in findings_text(dialog), timeout=3000)
    grab(dialog, screenshot_dir / f"contact_third_party_advice_{lang}.png")
