"""The contact dialog in a US office with no related person on file: a relative can be logged
only as "No number on file", and the second such call on the case is blocked by FDCPA
1692b(3)'s once-only, the dialog saying that the third party was not identified (QA15: it
saved every one)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.auth import authenticate
from app.models import BlockedAttempt, ContactAttempt, VerdictKind
from tests.compliance.test_us_third_party_number import NY, _us_case
from tests.compliance.test_us_third_party_unidentified import _log
from tests.ui.test_contact_dialog import findings_text, pick
from tests.ui.test_queue import grab

pytestmark = pytest.mark.gui


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_the_dialog_blocks_a_second_unidentified_relative(
    qtbot, qapp, db, tmp_path, screenshot_dir
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    case_no = _us_case(db, tmp_path)
    assert _log(db, case_no, 20).saved  # the first relative, unidentified
    admin = authenticate(db.sessions, "admin", "pw-a")
    dialog = ContactDialog(db, admin, case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    pick(dialog.party, "relative")
    assert not dialog.person.isEnabled() and dialog.number.currentData() is None
    dialog.set_time(dt.datetime(2026, 11, 23, 13, tzinfo=NY))
    pick(dialog.outcome, "connected")
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)
    qtbot.waitUntil(lambda: dialog.panel.kind is VerdictKind.BLOCKED, timeout=3000)
    shown = " ".join(findings_text(dialog).split())
    assert "The third party was not identified, so Casedesk counts them as the same" in shown
    assert "contacted on 2026-11-20" in shown
    assert "1692b(3)" in shown
    assert dialog.try_save() is False
    assert dialog.status.text() == "Not saved: blocked (the block is recorded)."
    assert _count(db, ContactAttempt) == 1 and _count(db, BlockedAttempt) == 1
    grab(dialog, screenshot_dir / "contact_unidentified_third_party.png")
