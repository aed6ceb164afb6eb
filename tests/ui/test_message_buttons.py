"""Every message box and button box names its standard buttons (OK, Yes, No, Close, Open …) in
the project's words, so a Chinese window reads Chinese where Qt's own catalogue is missing (a
packaged build on Windows or macOS): QA found 'OK', 'Yes', 'No' and 'Close' in English on the
questions before a change, the notices, the clock's advice, the export's and the roster's
boxes. Qt's translator is taken out, as in tests/ui/test_standard_buttons.py; roles stay Qt's
(Enter presses the default, Escape the No or Close)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLabel, QMessageBox

from app.i18n import set_language
from app.i18n import tr as _
from tests.ui import test_queue
from tests.ui.tab_dialogs import DIALOGS
from tests.ui.test_standard_buttons import chinese_without_qt, qt_words
from tests.ui.test_trust import when_modal, window_for
from ui.clock_notice import show_clock_warning
from ui.confirm import ask_first
from ui.mnemonic_text import plain

pytestmark = pytest.mark.gui
database = test_queue.database  # a copy of the demo office, its queue rebuilt
__all__ = ["chinese_without_qt"]  # the fixture, used by name
UI = Path(__file__).resolve().parents[2] / "ui"
SHOTS = Path("/tmp/s35")
DEACTIVATE = (
    "Deactivate {name}? The account can no longer log in; its history stays, and you can "
    "activate it again."
)
MADE = ("QMessageBox", "QDialogButtonBox", "QInputDialog")
STATIC = {
    "QMessageBox": {"critical", "warning", "information", "question", "about"},
    "QInputDialog": {"getItem", "getText", "getInt", "getDouble", "getMultiLineText"},
}


def english(box: QMessageBox | QDialogButtonBox) -> list[str]:
    """The standard buttons of `box` that read Qt's English word, or any Latin letter beyond an
    Alt+letter, in the Chinese window."""
    found = []
    for button in box.buttons():
        standard = QDialogButtonBox.StandardButton(box.standardButton(button).value)
        if standard == QDialogButtonBox.StandardButton.NoButton:
            continue
        text = plain(button.text())
        if text == plain(qt_words(standard)) or re.search("[A-Za-z]", text):
            found.append(button.text())
    return found


def shoot(box: QMessageBox, name: str) -> None:
    QApplication.processEvents()
    SHOTS.mkdir(exist_ok=True)
    assert box.grab().save(str(SHOTS / f"stdbuttons-{name}.png"))


def test_every_box_is_made_by_the_helper() -> None:
    """No box past ui/std_buttons.py: a QMessageBox, QDialogButtonBox or QInputDialog made in
    place, or Qt's static QMessageBox.warning(), QInputDialog.getItem() and kin, names its
    buttons in Qt's English."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "std_buttons.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            made = isinstance(func, ast.Name) and func.id in MADE
            static = (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.attr in STATIC.get(func.value.id, ())
            )
            if made or static:
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert found == []


def _answer(
    key: Qt.Key, seen: list[Any], name: str, alt: bool = False
) -> Callable[[QMessageBox], None]:
    """Note what the box shows (English buttons, their words, the default's) and press `key`."""

    def act(box: QMessageBox) -> None:
        shoot(box, name)  # after the box's first paint: its Alt+letters given
        words = [plain(b.text()) for b in box.buttons()]
        default = box.defaultButton()
        seen.append((english(box), words, plain(default.text()) if default else ""))
        modifier = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
        QTest.keyClick(box, key, modifier)

    return act


def _ask(name: str, key: Qt.Key, alt: bool = False) -> tuple[bool, Any]:
    """ask_first's answer when `key` is pressed, and what its box showed."""
    seen: list[Any] = []
    stop = when_modal(QMessageBox, _answer(key, seen, name, alt))
    try:
        answer = ask_first(None, _("Deactivate"), _(DEACTIVATE, name="agent02"))
    finally:
        stop()
    return answer, seen[0]


def test_the_question_before_a_change_says_yes_and_no_in_chinese(
    qtbot: Any, chinese_without_qt: None
) -> None:
    answer, (left, words, default) = _ask("question-zh", Qt.Key.Key_Escape)
    assert left == [] and sorted(words) == ["否", "是"] and default == "否"
    assert answer is False
    answer, _seen = _ask("question-zh-enter", Qt.Key.Key_Return)
    assert answer is False  # Enter still answers No, the default
    set_language("en")
    answer, (left, words, default) = _ask("question-en", Qt.Key.Key_Y, alt=True)
    assert sorted(words) == ["No", "Yes"] and default == "No"
    assert answer is True  # Alt+Y: Yes keeps its letter


def test_a_notice_says_ok_in_chinese(qtbot: Any, database: Any, chinese_without_qt: None) -> None:
    window = window_for(qtbot, database)
    seen: list[Any] = []
    stop = when_modal(QMessageBox, _answer(Qt.Key.Key_Return, seen, "notice-zh"))
    try:
        assert window.open_list("nothing-of-the-kind") is None  # "Nothing to show."
    finally:
        stop()
    left, words, _default = seen[0]
    assert left == [] and words == ["确定"]  # and Enter closed it (Qt picks OK as the default)


def test_the_clock_advice_says_ok_in_chinese(
    qtbot: Any, database: Any, computer_zone: Any, chinese_without_qt: None
) -> None:
    computer_zone("UTC")
    window = window_for(qtbot, database)
    label = show_clock_warning(window, database)
    assert isinstance(label, QLabel)
    label.linkActivated.emit("details")
    box = window.findChild(QMessageBox, "clock_advice")
    assert box is not None and box.isVisible()
    assert english(box) == [] and [plain(b.text()) for b in box.buttons()] == ["确定"]
    shoot(box, "clock-zh")
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible()


def test_the_roster_boxes_say_open_and_close_in_chinese(
    qtbot: Any, database: Any, chinese_without_qt: None, tmp_path: Path
) -> None:
    window = window_for(qtbot, database)
    failed = window.training.print_roster(tmp_path / "no such folder" / "roster.pdf")
    assert failed is not None
    with qtbot.waitSignal(failed.failed, timeout=60000):
        pass
    assert failed.box is not None and failed.box.isVisible()
    assert english(failed.box) == [] and [plain(b.text()) for b in failed.box.buttons()] == ["关闭"]
    shoot(failed.box, "roster-failed-zh")
    QTest.keyClick(failed.box, Qt.Key.Key_Escape)
    printed = window.training.print_roster(tmp_path / "roster.pdf")
    assert printed is not None
    with qtbot.waitSignal(printed.finished, timeout=60000):
        pass
    assert printed.box is not None and printed.box.isVisible()
    assert english(printed.box) == []
    assert sorted(plain(b.text()) for b in printed.box.buttons()) == ["关闭", "打开"]
    shoot(printed.box, "roster-open-zh")
    QTest.keyClick(printed.box, Qt.Key.Key_Escape)  # Close: nothing opens


def test_the_export_failure_says_ok_in_chinese(
    qtbot: Any, database: Any, chinese_without_qt: None, tmp_path: Path
) -> None:
    window = window_for(qtbot, database, "admin")
    window.show_page(window.audit)
    button = window.audit.export_button
    button.export(tmp_path / "no such folder" / "audit.csv")
    qtbot.waitUntil(lambda: button.isEnabled() and bool(button.last_message), timeout=30000)
    box = button.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert english(box) == [] and [plain(b.text()) for b in box.buttons()] == ["确定"]
    shoot(box, "export-failed-zh")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert not box.isVisible()


def test_the_choice_of_a_role_says_ok_and_cancel_in_chinese(
    qtbot: Any, database: Any, chinese_without_qt: None, tmp_path: Path
) -> None:
    dialog = DIALOGS["users"](database, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.select("agent02")
    seen: list[Any] = []

    def act(asked: QInputDialog) -> None:
        QApplication.processEvents()
        SHOTS.mkdir(exist_ok=True)
        assert asked.grab().save(str(SHOTS / "stdbuttons-role-zh.png"))
        for box in asked.findChildren(QDialogButtonBox):
            seen.append((english(box), sorted(plain(b.text()) for b in box.buttons())))
        QTest.keyClick(asked, Qt.Key.Key_Escape)

    stop = when_modal(QInputDialog, act)
    try:
        assert not dialog.change_role()  # Escape: Cancel, nothing changes
    finally:
        stop()
    assert seen == [([], ["取消", "确定"])]
