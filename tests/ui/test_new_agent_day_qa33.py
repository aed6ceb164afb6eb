"""Found by a new agent's first-day walk (session 33), on the demo office with real widgets: the
case page's Phones said nothing of a number a call had just found wrong (Log contact… listed it
as invalid); and three lines put a space after Chinese punctuation — the verdict's advice
("…每日上限为 3 次。 今天不能…"), the training page's expiring banner ("（1 项）： 辛小红") and the
status bar's clock warning ("…UTC+08:00。 如何处理")."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from app.contacts import PARTY_OF_RELATION, check_contact, log_contact
from app.i18n import set_language
from app.models import (
    Borrower,
    Case,
    CaseStatus,
    Loan,
    Phone,
    RelatedPerson,
    Relationship,
    User,
    VerdictKind,
)
from app.privacy import mask_phone
from tests.ui.test_queue import grab, open_office, window_for
from ui.clock_notice import show_clock_warning

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _noon_yesterday(zone: str, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = dt.datetime.now(tz).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(12, minute), tz)


def _plain_case(database) -> tuple[str, str, str]:
    """An open case whose borrower a supervisor may call at noon yesterday with no finding at
    all: its number, the borrower's zone and phone."""
    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        rows = s.execute(
            select(Case.case_no, Borrower.timezone, Phone.number)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(Phone, Phone.borrower_id == Borrower.id)
            .where(Case.status != CaseStatus.CLOSED, Case.paused.is_(False), Phone.valid)
            .order_by(Case.id)
        ).all()
        for case_no, zone, number in rows:
            verdict = check_contact(
                s,
                sup,
                case_no,
                channel="call",
                party="borrower",
                at=_noon_yesterday(zone, 30),
                outcome="connected",
                phone_number=number,
            )
            if verdict.kind is VerdictKind.ALLOWED and not verdict.findings:
                return case_no, zone, number
    raise AssertionError("no plain case in the demo office")


def _call(database, case_no: str, zone: str, number: str, minute: int, outcome: str) -> None:
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        result = log_contact(
            s,
            sup,
            case_no,
            channel="call",
            party="borrower",
            at=_noon_yesterday(zone, minute),
            outcome=outcome,
            phone_number=number,
        )
        assert result.saved


def test_the_case_page_says_a_number_found_wrong_is_invalid(
    qtbot, database, screenshot_dir, lang
) -> None:
    case_no, zone, number = _plain_case(database)
    _call(database, case_no, zone, number, 0, "wrong_number")
    window = window_for(qtbot, database)
    window.open_case(case_no)
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: "****" in page.borrower_form.values["Phones"].text(), timeout=3000)
    shown = page.borrower_form.values["Phones"].text()
    # The number found wrong, wherever it is in the list (the borrower may have another).
    said = f"{mask_phone(number)} · " + {"en": "invalid", "zh_CN": "无效"}[lang]
    assert said in shown, shown
    grab(window, screenshot_dir / f"qa33-case-phone-invalid-{lang}.png")


def _refused_relative(database) -> tuple[str, str, int, str]:
    """A case, its borrower's zone, a related person and the rule a noon call to them yesterday
    is blocked by with advice on what to do instead (third-party consent)."""
    from app.compliance.advice import advice

    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        rows = s.execute(
            select(Case.case_no, Borrower.timezone, RelatedPerson.id, RelatedPerson.relation)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
            .where(Case.status != CaseStatus.CLOSED, Case.paused.is_(False))
            .order_by(Case.id)
        ).all()
        for case_no, zone, person_id, relation in rows:
            party = PARTY_OF_RELATION[Relationship(relation)].value
            verdict = check_contact(
                s,
                sup,
                case_no,
                channel="call",
                party=party,
                at=_noon_yesterday(zone),
                outcome="connected",
                related_person_id=person_id,
            )
            advised = [f for f in verdict.findings if advice(f)]
            if verdict.kind is VerdictKind.BLOCKED and advised:
                return case_no, zone, person_id, party
    raise AssertionError("no refused third party in the demo office")


def test_a_blocks_advice_follows_its_reason_as_the_language_writes(
    qtbot, database, screenshot_dir, lang
) -> None:
    from ui.dialogs.contact import ContactDialog

    case_no, zone, person_id, party = _refused_relative(database)
    with database.sessions() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
    dialog = ContactDialog(database, sup, case_no)
    qtbot.addWidget(dialog)
    dialog.party.setCurrentIndex(dialog.party.findData(party))
    dialog.person.setCurrentIndex(
        next(i for i, p in enumerate(dialog.targets.persons) if p.id == person_id)
    )
    dialog.set_time(_noon_yesterday(zone))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("connected"))
    dialog.show()
    dialog.refresh_verdict()
    lines = [w.text() for w in dialog.findChildren(QLabel) if "<i>" in w.text()]
    assert lines
    for line in lines:
        if lang == "zh_CN":
            assert "。<i>" in line and "。 " not in line, line
        else:
            assert ". <i>" in line, line
    assert dialog.grab().save(str(screenshot_dir / f"qa33-block-advice-{lang}.png"))


def test_no_space_after_chinese_punctuation_in_the_banners(
    qtbot, database, computer_zone, screenshot_dir
) -> None:
    computer_zone("UTC")
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database)
        clock = show_clock_warning(window, database)
        assert clock is not None and "。<a href" in clock.text()
        window.show_page(window.training)
        banner = window.training.alert.text()
        assert banner.startswith("30 天内到期（") and "： " not in banner and "：" in banner
        grab(window, screenshot_dir / "qa33-training-banner-zh_CN.png")
    finally:
        set_language("en")
