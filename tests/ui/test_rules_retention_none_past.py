"""The Rules page's records-retention line of an office with no closed case past its retention
(a new UK office): the line reads as written — "the case's closure" — not with the apostrophe
escaped for HTML ("the case&#x27;s closure"), in English and in Chinese."""

from __future__ import annotations

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from app.office import create_office
from ui.pages.rules_retention import RetentionLine

pytestmark = pytest.mark.gui


def shown(label: QLabel) -> str:
    """What the label shows, as Qt reads its text (rich or plain)."""
    text = label.text()
    form = label.textFormat()
    if form is Qt.TextFormat.RichText or (
        form is Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_case_past_retention_reads_without_html_escapes(db, qtbot, lang) -> None:
    with db.session() as s:
        create_office(
            s,
            name="Leeds Collections",
            admin_username="admin",
            admin_password="pw-admin-1",
            jurisdiction="uk",
            timezone="Europe/London",
            currency="GBP",
        )
    with db.sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(admin)
    set_language(lang)
    try:
        line = RetentionLine()
        qtbot.addWidget(line)  # a window of its own once shown: closed after the test
        line.refresh(db, admin)
        text = shown(line)
    finally:
        set_language("en")
    assert "&#" not in text and "&amp;" not in text
    if lang == "en":
        assert text.startswith("0 closed cases are past their records retention (6 years")
        assert "the case's closure" in text
    else:
        assert "6 年" in text or "6年" in text
