"""A pasted note with a character no one typed (an escape from a terminal, half of a broken
character pair) is refused in the contact dialog with the core's words, in English and Chinese:
no crash dialog, nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.i18n import set_language
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


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "holds a control character (U+001B), character 9 of 20, which cannot be saved"),
        ("zh_CN", "含有控制字符（U+001B，第 9 个字符，共 20 个），无法保存"),
    ],
)
def test_the_dialog_says_the_core_s_refusal(qtbot, database, lang, said, screenshot_dir):
    from ui.dialogs.contact import ContactDialog

    set_language(lang)
    try:
        dialog = ContactDialog(database, login(database, "agent01"), case_nos(database)[0])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.notes.setPlainText("Said he \x1b[1mwill pay")
        yesterday = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
        dialog.set_time(dt.datetime.combine(yesterday, dt.time(10), SHANGHAI))
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("connected"))
        assert dialog.try_save() is False
        assert said in dialog.error.text()
        dialog.grab().save(str(screenshot_dir / f"qafuzz-contact-unsavable-{lang}.png"))
    finally:
        set_language(None)
    with database.sessions() as s:
        assert s.scalar(select(func.count(ContactAttempt.id))) == 0
