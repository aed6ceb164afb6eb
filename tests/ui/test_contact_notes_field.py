"""The contact dialog's notes stop at the core's limit (2,000 characters): a long paste is cut at
the limit, typing past it adds nothing, and a note at the limit is saved whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.contacts import MAX_NOTES
from app.models import ContactAttempt
from tests.conftest import TEST_KEY
from tests.core.visit_office import SHANGHAI, case_nos, login, visit_office_path

pytestmark = pytest.mark.gui


@pytest.fixture
def database(template_db, tmp_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(visit_office_path(template_db, tmp_path), TEST_KEY)
    yield db
    db.close()


def test_the_notes_field_holds_at_most_the_core_s_limit(qtbot, database):
    from ui.dialogs.contact import ContactDialog

    dialog = ContactDialog(database, login(database, "agent01"), case_nos(database)[0])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.notes.setPlainText("甲" * 20_000)  # a huge paste: cut at the limit
    assert dialog.notes.toPlainText() == "甲" * MAX_NOTES
    dialog.notes.setPlainText("乙" * (MAX_NOTES - 5) + "END")  # room for two more characters
    cursor = dialog.notes.textCursor()
    cursor.setPosition(10)
    dialog.notes.setTextCursor(cursor)
    dialog.notes.insertPlainText("丙丁戊己")  # typed in the middle: what fits is kept
    text = dialog.notes.toPlainText()
    assert len(text) == MAX_NOTES and text[10:12] == "丙丁" and text.endswith("END")
    dialog.notes.moveCursor(QTextCursor.MoveOperation.End)
    dialog.notes.insertPlainText("庚")  # nothing more goes in
    assert dialog.notes.toPlainText() == text

    yesterday = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    dialog.set_time(dt.datetime.combine(yesterday, dt.time(10), SHANGHAI))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("connected"))
    assert dialog.try_save() is True, dialog.error.text() + dialog.status.text()
    with database.sessions() as s:
        assert s.scalar(select(ContactAttempt.notes)) == text
