"""Switching the office's rule set asks the same question wherever it is done: the Rules page's
"Use rule set…" asked "Switch to the US rule set? …" and Settings switched on Save without a word
(noticed and left alone by an earlier session). Both now ask through ui/confirm.py's
ask_ruleset_switch; No saves nothing — not the rule set, nor the other changes of that Save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app import settings
from app.i18n import tr
from app.models import AuditEntry, Office
from tests.ui.test_queue import grab, login, open_office, window_for
from ui import std_buttons

pytestmark = pytest.mark.gui
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _stored(database) -> tuple[str, int, int]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        office = s.scalar(select(Office))
        assert office is not None
        switches = s.scalar(select(func.count()).where(AuditEntry.action == "ruleset.select"))
        return office.jurisdiction, settings.get(s, "priority.weight.dpd"), int(switches or 0)


def test_settings_asks_before_switching_the_rule_set_as_the_rules_page_does(  # type: ignore[no-untyped-def]
    qtbot, database, lang, monkeypatch, screenshot_dir
) -> None:
    from ui.dialogs.settings import SettingsDialog

    asked: list[tuple[str, str]] = []
    answers = [NO, YES, NO]

    def question(_parent, title: str, text: str, *_args, **_kw):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        return answers.pop(0)

    monkeypatch.setattr(std_buttons, "question", question)
    before = _stored(database)
    assert before[0] == "cn"
    dialog = SettingsDialog(database, login(database, "admin"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["priority.weight.dpd"].setValue(before[1] + 5)
    assert dialog.try_save() is not None  # no switch: nothing asked
    assert asked == [] and _stored(database)[1] == before[1] + 5
    rules = dialog.fields["jurisdiction"]
    rules.setCurrentIndex(rules.findData("us"))
    dialog.fields["priority.weight.dpd"].setValue(before[1] + 9)
    assert dialog.try_save() is None  # No: nothing saved, the dialog stays as it was
    assert _stored(database) == ("cn", before[1] + 5, before[2])
    assert rules.currentData() == "us" and dialog.fields["priority.weight.dpd"].value() == (
        before[1] + 9
    )
    question_words = (
        tr("Use rule set"),
        tr("Switch to the {code} rule set? Every check from now on uses its rules.", code="US"),
    )
    assert asked == [question_words]
    grab(dialog, screenshot_dir / f"settings_ruleset_asked_{lang}.png")
    assert dialog.try_save() is not None  # Yes: switched, with the weight
    assert _stored(database) == ("us", before[1] + 9, before[2] + 1)

    # The Rules page asks the very same question (back to CN: the same words with "CN").
    window = window_for(qtbot, database)
    page = window.rules
    window.show_page(page)
    assert not page.use_ruleset("cn")
    assert asked[-1] == (
        question_words[0],
        tr("Switch to the {code} rule set? Every check from now on uses its rules.", code="CN"),
    )
    assert _stored(database)[0] == "us" and not answers
