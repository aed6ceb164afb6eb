"""The person dialog offers the relation Lawyer (律师), and a call logged with the borrower's lawyer
in the contact dialog is judged without the third-party rules (QA s47 P-3: the lawyer could only
be recorded as "other", then held for a supervisor as a third party). Real widgets on a copy of
the demo office (CN rules); screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.i18n import set_language
from app.models import ContactAttempt, RelatedPerson, Relationship
from tests.ui.test_contact_dialog import dialog_for, findings_text, pick
from tests.ui.test_related_person_dialog import (  # noqa: F401 (the fixture)
    agent_case,
    database,
    show_borrower,
)
from tests.ui.test_trust import grab_over, window_for

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("lang", "word"), [("en", "Lawyer"), ("zh_CN", "律师")])
def test_the_lawyer_is_offered_and_called_as_no_third_party(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang,
    word,
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.related_person import RelatedPersonDialog

    set_language(lang)
    borrower_id, case_no, zone = agent_case(database)
    window = window_for(qtbot, database, "agent01")
    pane = show_borrower(window, borrower_id)
    dialog = RelatedPersonDialog(database, window.user, pane.detail, None, pane)
    qtbot.addWidget(dialog)
    dialog.show()
    offered = [dialog.relation.itemText(i) for i in range(dialog.relation.count())]
    assert word in offered
    pick(dialog.relation, "lawyer")
    dialog.name.setText("李律师" if lang == "zh_CN" else "Lee Lü")
    dialog.number.setText("139 1234 0000")
    grab_over(window, dialog, screenshot_dir / f"lawyer_person_dialog_{lang}.png")
    assert dialog.try_save() is True
    pid = dialog.saved
    with database.sessions() as s:
        assert s.get(RelatedPerson, pid).relation is Relationship.LAWYER

    contact = dialog_for(qtbot, window, case_no)
    pick(contact.party, "other")
    pick(contact.person, pid)
    day = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date() - dt.timedelta(days=1)
    contact.set_time(dt.datetime.combine(day, dt.time(12), zoneinfo.ZoneInfo(zone)))
    pick(contact.outcome, "connected")
    qtbot.waitUntil(lambda: not contact.timer.isActive(), timeout=3000)
    qtbot.wait(200)
    said = findings_text(contact)
    # No third-party rule speaks: not the failed attempts first, nor "do not disclose".
    for words in ("Third parties may be contacted only", "Third-party contact", "第三方"):
        assert words not in said, said
    grab_over(window, contact, screenshot_dir / f"lawyer_contact_{lang}.png")
    if not contact.try_save():  # the agent's training as of now, say: not the lawyer's concern
        from app.auth import authenticate

        boss = authenticate(database.sessions, "supervisor", "demo")
        assert contact.try_save(boss, "Called the borrower's lawyer as they asked."), (
            contact.status.text()
        )
    with database.sessions() as s:
        attempt = s.get(ContactAttempt, contact.attempt.id)
        assert attempt.related_person_id == pid
        assert "third_party_threshold" not in str(attempt.findings or "")
