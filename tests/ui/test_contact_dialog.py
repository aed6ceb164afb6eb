"""ContactDialog and OverrideDialog on the demo office, as agent01 on an open case of theirs: the
live verdict (quiet hours blocked, a third party needing an override), a block recorded but no
contact saved, an override refused for an agent and granted to the supervisor, a bad promise
explained inline, the case page timeline, and the dialog in Chinese."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zoneinfo
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select, update

from app.contacts import OUTCOMES, PARTY_OF_RELATION, check_contact
from app.i18n import set_language
from app.i18n import tr as _
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Borrower,
    Case,
    CaseStatus,
    Channel,
    ContactAttempt,
    Loan,
    Party,
    Promise,
    RelatedPerson,
    Relationship,
    User,
    VerdictKind,
)
from tests.ui.cells import cell_flags
from tests.ui.test_queue import grab, open_office, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
RELATIVES = ("spouse", "parent", "child", "sibling", "relative")
REASON = "Borrower unreachable for weeks; the spouse is the only working contact."


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def yesterday_at(zone: str, hour: int, minute: int = 0) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    day = dt.datetime.now(tz).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tz)


def agent_case(database) -> tuple[str, str, int]:
    """An open, not-paused case of agent01's whose borrower has a contactable relative and for
    which a noon call to that relative needs an override (fewer than 3 failed attempts)."""
    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        rows = s.execute(
            select(Case.case_no, Borrower.timezone, RelatedPerson.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                Case.paused.is_(False),
                Borrower.quiet_hours_consent.is_(False),
                RelatedPerson.relation.in_(RELATIVES),
                RelatedPerson.do_not_contact.is_(False),
                RelatedPerson.phone != "",
            )
            .order_by(Case.id)
        ).all()
        for case_no, zone, person_id in rows:
            verdict = check_contact(
                s,
                agent,
                case_no,
                channel="call",
                party="relative",
                at=yesterday_at(zone, 12),
                outcome="connected",
                related_person_id=person_id,
            )
            if verdict.kind is VerdictKind.NEEDS_OVERRIDE:
                return case_no, zone, person_id
    raise AssertionError("the demo office has no such case")


def count(database, model: type) -> int:
    with database.sessions() as s:
        return s.scalar(select(func.count(model.id)))


def dialog_for(qtbot, window, case_no: str):
    from ui.dialogs.contact import ContactDialog

    dialog = ContactDialog(window.database, window.user, case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pick(combo, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def findings_text(dialog) -> str:
    return "\n".join(line.text() for line in dialog.panel.lines)


def test_quiet_hours_call_is_blocked_and_the_block_recorded(qtbot, database, screenshot_dir):
    case_no, zone, _person = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    assert window.cases.show_case(case_no)
    assert not window.cases.contact_button.isHidden() and window.cases.contact_button.isEnabled()
    dialog = dialog_for(qtbot, window, case_no)
    assert zone in " ".join(w.text() for w in dialog.findChildren(type(dialog.status)))
    dialog.set_time(yesterday_at(zone, 22, 30))
    pick(dialog.outcome, "no_answer")
    dialog.notes.setPlainText("Tried the mobile late in the evening.")
    # The live check runs on its own after the 200 ms debounce.
    assert dialog.timer.isActive()
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    assert dialog.panel.header.text() == "Blocked"
    assert "22:30" in findings_text(dialog)  # judged at the time entered, not at "now"
    assert dialog.panel.kind is VerdictKind.BLOCKED
    assert "Quiet hours" in findings_text(dialog) and "quiet_hours" not in findings_text(dialog)
    assert "Civil Code" in findings_text(dialog)  # the citation is shown
    blocked, saved = count(database, BlockedAttempt), count(database, ContactAttempt)
    assert dialog.try_save() is False
    assert count(database, BlockedAttempt) == blocked + 1
    assert count(database, ContactAttempt) == saved
    assert dialog.status.isVisible()
    assert dialog.status.text() == "Not saved: blocked (the block is recorded)."
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.attempt is None
    assert not dialog.override_button.isEnabled()
    grab(dialog, screenshot_dir / "contact_dialog_blocked.png")


def test_third_party_needs_override_granted_by_the_supervisor(qtbot, database, screenshot_dir):
    from ui.dialogs.override import OverrideDialog

    case_no, zone, person_id = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    assert page.show_case(case_no)
    dialog = dialog_for(qtbot, window, case_no)
    pick(dialog.party, "relative")
    pick(dialog.person, person_id)
    assert dialog.person.isEnabled() and dialog.number.currentData()
    dialog.set_time(yesterday_at(zone, 12))
    pick(dialog.outcome, "connected")
    dialog.notes.setPlainText("Asked the spouse to pass on a call-back request.")
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    assert dialog.panel.header.text() == "Needs a supervisor's override"
    assert "Third parties only after failed attempts" in findings_text(dialog)
    saved, blocked = count(database, ContactAttempt), count(database, BlockedAttempt)
    assert dialog.try_save() is False
    assert dialog.status.text() == "Not saved: this contact needs a supervisor's override."
    assert dialog.override_button.isEnabled()
    assert count(database, ContactAttempt) == saved and count(database, BlockedAttempt) == blocked
    grab(dialog, screenshot_dir / "contact_dialog_override.png")

    ask = OverrideDialog(database, dialog)
    qtbot.addWidget(ask)
    ask.show()
    assert ask.try_override("supervisor", "demo", "too short") is False
    assert ask.error.text() == _(
        "Write a reason of at least {count} characters (a Chinese character counts as two).",
        count=10,
    )
    assert ask.try_override("agent01", "demo", REASON) is False
    assert ask.error.isVisible()
    # as the CLI says, and an admin's override works (QA s45 #6)
    assert ask.error.text() == (
        "agent01 may not override compliance rules; ask a supervisor or an admin."
    )
    assert ask.granted is None
    grab(ask, screenshot_dir / "override_dialog.png")
    assert ask.try_override("supervisor", "demo", REASON) is True
    assert ask.result() == ask.DialogCode.Accepted
    boss, reason = ask.granted
    assert boss.username == "supervisor" and reason == REASON

    assert dialog.try_save(boss, reason) is True
    assert dialog.result() == dialog.DialogCode.Accepted
    assert count(database, ContactAttempt) == saved + 1
    with database.sessions() as s:
        attempt = s.get(ContactAttempt, dialog.attempt.id)
        assert attempt.override_by_id == boss.id and attempt.override_reason == REASON
        assert attempt.related_person_id == person_id
        assert attempt.verdict is VerdictKind.NEEDS_OVERRIDE
        entry = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "contact.log", AuditEntry.entity_id == case_no)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry.changes["override_reason"] == REASON
        assert entry.changes["override_by"] == "supervisor"
    # The page followed the announcement: the timeline shows the contact, who overrode and why.
    item = next(i for i in page.detail.timeline if i.kind == "contact" and REASON in i.detail)
    assert item.title == "Call to relative: connected"
    assert "overridden by" in item.detail and "compliance:" not in item.detail  # said once
    cells = [cell_text(page.timeline, r, 2) for r in range(page.timeline.rowCount())]
    assert "Call to relative: connected" in cells


def test_a_zero_promise_is_explained_inline_and_nothing_saved(qtbot, database) -> None:
    case_no, zone, _person = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    dialog.set_time(yesterday_at(zone, 11))
    pick(dialog.outcome, "no_answer")  # nobody to promise anything
    assert not dialog.promise.isEnabled()
    pick(dialog.outcome, "connected")
    dialog.promise.setChecked(True)
    assert dialog.promise_amount.isEnabled()
    pick(dialog.outcome, "busy")
    assert not dialog.promise.isChecked() and not dialog.promise_amount.isEnabled()
    pick(dialog.outcome, "connected")
    dialog.promise.setChecked(True)
    dialog.promise_amount.setText("0")
    before = [count(database, m) for m in (ContactAttempt, BlockedAttempt, Promise)]
    assert dialog.try_save() is False
    assert dialog.error.isVisible()
    assert dialog.error.text() == "A promise to pay must be for more than zero."
    assert [count(database, m) for m in (ContactAttempt, BlockedAttempt, Promise)] == before
    assert dialog.attempt is None
    # No outcome chosen: refused before the core is asked.
    pick(dialog.outcome, None)
    assert dialog.try_save() is False
    assert dialog.error.text() == "Choose the outcome of the contact."


def test_the_outcomes_follow_the_channel(qtbot, database) -> None:
    case_no, _zone, _person = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)

    def offered() -> list[object]:
        return [dialog.outcome.itemData(i) for i in range(dialog.outcome.count())]

    assert offered() == [None, *(o.value for o in OUTCOMES[Channel.CALL])]
    pick(dialog.outcome, "no_answer")
    pick(dialog.channel, "sms")
    assert offered() == [None, "delivered", "failed", "invalid_number"]
    assert dialog.outcome.currentData() is None  # "no answer" is not an SMS's outcome
    pick(dialog.outcome, "failed")
    pick(dialog.channel, "letter")
    assert offered() == [None, "delivered", "failed"]
    assert dialog.outcome.currentData() == "failed"  # still fits: kept
    assert "connected" not in offered() and not dialog.promise.isEnabled()


def test_the_related_people_follow_the_party(qtbot, database) -> None:
    case_no, zone, person_id = agent_case(database)
    with database.session() as s:  # the borrower asked not to be called at work
        borrower_id = s.get(RelatedPerson, person_id).borrower_id
        s.get(Borrower, borrower_id).do_not_call_at_work = True
        s.add(RelatedPerson(borrower_id=borrower_id, name="彭雪", relation="spouse"))
        s.add(RelatedPerson(borrower_id=borrower_id, name="某公司", relation="employer"))
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    persons = dialog.targets.persons
    for party in Party:
        pick(dialog.party, party.value)
        offered = [dialog.person.itemData(i) for i in range(dialog.person.count())]
        expected = [
            p.id
            for p in persons
            if party is not Party.BORROWER and PARTY_OF_RELATION[Relationship(p.relation)] is party
        ]
        assert offered == expected, party  # a spouse is never offered as a guarantor
        assert dialog.person.isEnabled() == bool(expected)
    pick(dialog.party, "employer")  # the core knows an employer call is at work
    dialog.set_time(yesterday_at(zone, 11))
    pick(dialog.outcome, "connected")
    dialog.refresh_verdict()
    assert "at_workplace" not in dialog.fields()
    assert dialog.panel.kind is VerdictKind.BLOCKED
    assert "No contact at work" in findings_text(dialog)


def test_contact_dialog_in_chinese(qtbot, database, screenshot_dir) -> None:
    case_no, zone, person_id = agent_case(database)
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "agent01")
        window.cases.show_case(case_no)
        assert window.cases.contact_button.text() == "登记联系…"
        dialog = dialog_for(qtbot, window, case_no)
        pick(dialog.party, "relative")
        pick(dialog.person, person_id)
        dialog.set_time(yesterday_at(zone, 22, 30))
        pick(dialog.outcome, "no_answer")
        dialog.refresh_verdict()
        assert dialog.panel.header.text() == "禁止"
        assert dialog.save_button.text() == "保存"
        assert dialog.windowTitle().startswith("登记联系")
        assert "免打扰时段" in findings_text(dialog)
        grab(dialog, screenshot_dir / "contact_dialog_zh_CN.png")
    finally:
        set_language("en")


def test_an_agent_whose_phone_training_lapsed_needs_an_override(
    qtbot, database, screenshot_dir
) -> None:
    """The live check names the rule and the agent, in Chinese; saving asks for an override."""
    from app.models import Course, TrainingRecord

    case_no, zone, _person = agent_case(database)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        phone = select(Course.id).where(Course.required_for.in_(["all", "phone"]))
        s.execute(
            update(TrainingRecord)
            .where(TrainingRecord.agent_id == agent.id, TrainingRecord.course_id.in_(phone))
            .values(expires_on=dt.date.today() - dt.timedelta(days=10))
        )
        name = agent.display_name
    set_language("zh_CN")
    try:
        window = window_for(qtbot, database, "agent01")
        assert window.cases.show_case(case_no)
        dialog = dialog_for(qtbot, window, case_no)
        dialog.set_time(yesterday_at(zone, 10))
        pick(dialog.outcome, "no_answer")
        dialog.refresh_verdict()
        assert dialog.panel.kind is VerdictKind.NEEDS_OVERRIDE
        assert "联系须经电话培训" in findings_text(dialog)
        assert f"{name}在本次联系当天缺少电话催收所需的有效培训。" in findings_text(dialog)
        saved = count(database, ContactAttempt)
        assert dialog.try_save() is False and count(database, ContactAttempt) == saved
        assert dialog.override_button.isEnabled()
        grab(dialog, screenshot_dir / "contact_dialog_untrained_zh_CN.png")
    finally:
        set_language("en")


def test_every_string_of_the_contact_dialogs_is_translated(tmp_path, monkeypatch) -> None:
    from tests.ui import msgids

    ui = Path(msgids.UI)
    for name in ("dialogs/contact.py", "dialogs/override.py", "pages/case_page.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ui / name, tmp_path / name)
    monkeypatch.setattr(msgids, "UI", tmp_path)
    folder = resources.files("resources.i18n").joinpath("zh_CN")
    catalog: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            catalog.update(json.loads(entry.read_text("utf-8")))
    assert sorted(msgids.ui_msgids() - set(catalog)) == []
    assert "overridden by {supervisor}: {reason}" in catalog
    own = json.loads(folder.joinpath("ui_contact.json").read_text("utf-8"))
    for msgid, text in own.items():
        assert sorted(_placeholders(text)) == sorted(_placeholders(msgid)), msgid


def _placeholders(text: str) -> list[str]:
    import string

    return [name for _lit, name, _f, _c in string.Formatter().parse(text) if name]


def test_guarantor_is_offered_only_when_one_is_recorded(qtbot, database) -> None:
    """A case with no guarantor among the related persons greys Guarantor out, saying why
    (choosing it only led to "Cannot check yet" and a refusal to save); one recorded makes it
    a choice again."""
    from PySide6.QtCore import Qt

    case_no, _zone, person_id = agent_case(database)
    with database.session() as s:
        borrower_id = s.get(RelatedPerson, person_id).borrower_id
        for person in s.scalars(
            select(RelatedPerson).where(
                RelatedPerson.borrower_id == borrower_id, RelatedPerson.relation == "guarantor"
            )
        ):
            person.relation = "relative"
    window = window_for(qtbot, database, "agent01")
    dialog = dialog_for(qtbot, window, case_no)
    index = dialog.party.findData(Party.GUARANTOR.value)
    enabled = Qt.ItemFlag.ItemIsEnabled
    assert not cell_flags(dialog.party.view(), index, 0) & enabled
    assert "No guarantor" in str(dialog.party.itemData(index, Qt.ItemDataRole.ToolTipRole))
    assert cell_flags(dialog.party.view(), dialog.party.findData("relative"), 0) & enabled
    dialog.reject()
    with database.session() as s:
        s.add(RelatedPerson(borrower_id=borrower_id, name="钱保", relation="guarantor"))
    dialog = dialog_for(qtbot, window, case_no)
    guarantor = dialog.party.findData(Party.GUARANTOR.value)
    assert cell_flags(dialog.party.view(), guarantor, 0) & enabled
