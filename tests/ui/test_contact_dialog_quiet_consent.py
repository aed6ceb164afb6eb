"""The contact dialog for a borrower who agreed to contact in quiet hours (QA s45 finding 1): a
call to the borrower at 01:31 is allowed with the note why, a call to their relative is blocked
and its block recorded, in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import BlockedAttempt, Borrower, ContactAttempt, RelatedPerson, VerdictKind
from tests.ui.test_contact_dialog import (
    agent_case,
    dialog_for,
    findings_text,
    pick,
    yesterday_at,
)
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui

AGREED = {"en": "allowed because the borrower agreed", "zh_CN": "因借款人同意而允许"}
NOT_BORROWER = {"en": "only the borrower", "zh_CN": "不包括其亲属或其他人"}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _agreed(database) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    """agent01's case with a relative; its borrower agreed to contact in quiet hours before the
    audit trail began (as an import brings it), so the consent holds for yesterday night."""
    case_no, zone, person_id = agent_case(database)
    with database.session() as s:
        s.get(Borrower, s.get(RelatedPerson, person_id).borrower_id).quiet_hours_consent = True
    return case_no, zone, person_id


def _count(database, model: type) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_relative_is_blocked_at_night_though_the_borrower_agreed(
    qtbot, database, screenshot_dir, lang
) -> None:
    case_no, zone, person_id = _agreed(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database, "agent01")
        dialog = dialog_for(qtbot, window, case_no)
        dialog.set_time(yesterday_at(zone, 1, 31))
        pick(dialog.outcome, "no_answer")
        dialog.refresh_verdict()
        assert dialog.panel.kind is not VerdictKind.BLOCKED  # the borrower agreed
        assert AGREED[lang] in findings_text(dialog)
        pick(dialog.party, "relative")
        pick(dialog.person, person_id)
        pick(dialog.outcome, "no_answer")
        dialog.refresh_verdict()
        assert dialog.panel.kind is VerdictKind.BLOCKED
        assert NOT_BORROWER[lang] in findings_text(dialog)
        blocked, saved = _count(database, BlockedAttempt), _count(database, ContactAttempt)
        assert dialog.try_save() is False
        assert _count(database, BlockedAttempt) == blocked + 1
        assert _count(database, ContactAttempt) == saved
        grab(dialog, screenshot_dir / f"contact_dialog_quiet_relative_{lang}.png")
    finally:
        set_language("en")
