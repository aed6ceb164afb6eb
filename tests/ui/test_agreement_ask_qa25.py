"""Found by QA walking the Agreements page (s25): Record signing… with its box emptied was asked
again under "Cannot read the date ''."; now it asks for the day, in the window's language."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from tests.ui.test_trust import when_modal
from ui.dialogs.agreement_ask import ask_signing_day

pytestmark = pytest.mark.gui

ASKED = {
    "en": (
        "The day both parties signed (YYYY-MM-DD):",
        "Type the day both parties signed, as YYYY-MM-DD.",
    ),
    "zh_CN": ("双方签署的日期（YYYY-MM-DD）：", "请填写双方签署的日期，格式为 YYYY-MM-DD。"),
}


def test_an_emptied_signing_day_is_asked_for(qtbot, lang) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    asked: list[tuple[str, str]] = []
    answers = iter(["  ", "2030-03-04"])

    def answer(dialog) -> None:
        asked.append((dialog.labelText(), dialog.textValue()))
        dialog.setTextValue(next(answers))
        if len(asked) < 2:
            when_modal(QInputDialog, answer)  # the next time it asks
        dialog.accept()

    when_modal(QInputDialog, answer)
    assert ask_signing_day(parent, dt.date(2030, 3, 5)) == dt.date(2030, 3, 4)
    question, problem = ASKED[lang]
    assert asked == [(question, "2030-03-05"), (f"{problem}\n\n{question}", "  ")]
