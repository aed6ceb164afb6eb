"""Every dialog (tests/ui/tab_dialogs.py) names its standard buttons (Close, OK, Cancel, Save …)
in the project's words, so Chinese reads Chinese even where Qt's own catalogue is not loaded (a
test's window, a build without Qt's translations): QA found the course catalogue's Close in
English in the Chinese window. Qt's translator is taken out for the test; a button Qt named
itself then reads Qt's English word."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.i18n import set_language
from tests.ui import test_queue
from tests.ui.tab_dialogs import DIALOGS
from ui.language import install_qt_translator

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt


def qt_words(standard: QDialogButtonBox.StandardButton) -> str:
    """The text Qt itself gives `standard` with no translator: its English."""
    box = QDialogButtonBox(standard)
    text = box.button(standard).text()
    box.deleteLater()
    return text


@pytest.fixture
def chinese_without_qt(qapp: QApplication) -> Iterator[None]:
    """Chinese for the project's words, none of Qt's translations; English after."""
    install_qt_translator("en")
    set_language("zh_CN")
    yield
    set_language("en")


@pytest.mark.parametrize("name", DIALOGS)
def test_standard_buttons_speak_chinese(  # type: ignore[no-untyped-def]
    qtbot, database: Any, chinese_without_qt: None, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](database, tmp_path)
    qtbot.addWidget(dialog)
    english = []
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            standard = box.standardButton(button)
            if standard != QDialogButtonBox.StandardButton.NoButton:
                if button.text() == qt_words(standard):
                    english.append(button.text())
    assert english == []
