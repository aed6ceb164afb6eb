"""The supervisor-override dialog says what it lets through — a contact, a visit booking, a move
of a visit — opened from each dialog's "Supervisor override…" button, in English and Chinese
(it said "this contact" for a visit too); a screenshot of each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from tests.conftest import TEST_KEY
from tests.core.visit_office import slot, visit_office_path
from tests.ui.contact_override import override_asked
from tests.ui.test_queue import open_office
from tests.ui.test_trust import when_modal
from tests.ui.test_visit_reschedule_dialog import _booked
from tests.ui.test_visit_reschedule_dialog import _dialog as reschedule_dialog
from tests.ui.test_visits_page import _dialog_at_booking, grab, settle
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui

WORDS = {
    ("contact", "en"): (
        "A supervisor may allow this contact.",
        "Why this contact is justified (at least 10 characters).",
        "Override and save",
    ),
    ("booking", "en"): (
        "A supervisor may allow this visit booking. Their name approves the visit;",
        "Why this visit booking is justified (at least 10 characters).",
        "Override and book",
    ),
    ("reschedule", "en"): (
        "A supervisor may allow this move of the visit. Their name approves the visit at its "
        "new time;",
        "Why this move of the visit is justified (at least 10 characters).",
        "Override and reschedule",
    ),
    ("contact", "zh_CN"): ("主管可以特批此次联系。", "说明此次联系的正当理由", "特批并保存"),
    ("booking", "zh_CN"): (
        "主管可以特批此次上门预约。",
        "说明此次上门预约的正当理由",
        "特批并预约",
    ),
    ("reschedule", "zh_CN"): (
        "主管可以特批此次上门改约。",
        "说明此次上门改约的正当理由",
        "特批并改约",
    ),
}


@pytest.fixture
def visit_db(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


@pytest.fixture
def demo_office(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def override_words(qtbot, dialog, shot: Path) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """Press the dialog's "Supervisor override…"; the override dialog's introduction, reason
    placeholder and OK button, read (and photographed) while it is open; then cancelled."""
    from ui.dialogs.override import OverrideDialog

    seen: list[tuple[str, str, str]] = []

    def read(ask: OverrideDialog) -> None:
        QApplication.processEvents()
        intro = next(w for w in ask.findChildren(QLabel) if w.wordWrap() and w.text())
        ok = plain(ask.buttons.button(QDialogButtonBox.StandardButton.Ok).text())
        seen.append((intro.text(), ask.reason.placeholderText(), ok))
        grab(ask, shot)
        ask.reject()

    stop = when_modal(OverrideDialog, read)
    try:
        assert dialog.override_button.isEnabled()
        dialog.override_button.click()
    finally:
        stop()
    assert len(seen) == 1
    return seen[0]


def assert_words(found: tuple[str, str, str], what: str, lang: str) -> None:
    intro, placeholder, ok = WORDS[(what, lang)]
    assert found[0].startswith(intro), found[0]
    assert found[1].startswith(placeholder), found[1]
    assert found[2] == ok
    if what != "contact":
        assert "contact" not in " ".join(found) and "联系" not in " ".join(found)


def test_the_contact_dialog_asks_to_allow_a_contact(qtbot, demo_office, lang, screenshot_dir):
    dialog = override_asked(qtbot, demo_office)
    found = override_words(qtbot, dialog, screenshot_dir / f"override_contact_{lang}.png")
    assert_words(found, "contact", lang)


def test_the_visit_dialog_asks_to_allow_a_visit_booking(qtbot, visit_db, lang, screenshot_dir):
    dialog = _dialog_at_booking(qtbot, visit_db)
    dialog.set_start(slot(10))
    dialog.agreed.setChecked(False)  # booked without the borrower's agreement: needs override
    dialog.enter.setChecked(False)
    settle(qtbot, dialog)
    assert dialog.try_book() is False
    found = override_words(qtbot, dialog, screenshot_dir / f"override_booking_{lang}.png")
    assert_words(found, "booking", lang)


def test_the_reschedule_dialog_asks_to_allow_the_move(qtbot, visit_db, lang, screenshot_dir):
    number = _booked(visit_db, start=slot(10))
    dialog = reschedule_dialog(qtbot, visit_db, number)
    dialog.set_start(slot(15))  # the borrower has not agreed to the new time: needs override
    dialog.reason.setText("主管安排")
    settle(qtbot, dialog)
    found = override_words(qtbot, dialog, screenshot_dir / f"override_reschedule_{lang}.png")
    assert_words(found, "reschedule", lang)
