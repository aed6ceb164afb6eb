"""The first-run wizard freed by Python's cycle collector (its pages hold their wizard) leaves the
application's screen alone. QWidget.screen() made the QScreen's wrapper the wizard's child; a
collection that freed that wrapper before the wizard handed it the QScreen, which it deleted, and
the next window made crashed the process (a segfault constructing the wizard late in a test run,
QScreen::virtualSiblings under QWidget::screen). The screen is now found without it
(ui/screen_fit.py)."""

from __future__ import annotations

import gc
import io
import tokenize
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

pytestmark = pytest.mark.gui


class ScreenWatch(QObject):
    """Counts the primary screen's destruction (it must never happen while the app runs)."""

    def __init__(self) -> None:
        super().__init__()
        self.deleted = 0
        screen = QGuiApplication.primaryScreen()
        assert screen is not None
        screen.destroyed.connect(self.gone)

    def gone(self) -> None:
        self.deleted += 1


def test_a_wizard_left_to_the_cycle_collector_leaves_the_screen(qtbot, tmp_path: Path) -> None:
    from ui.app import application
    from ui.wizard import SetupWizard

    application()
    watch = ScreenWatch()
    # The screen's wrapper made before the wizard, as a window earlier in the session does: the
    # collector frees the older object of a cycle first.
    anchor = QWidget()
    qtbot.addWidget(anchor)
    anchor.screen()
    wizard = SetupWizard(tmp_path / "first.db")
    assert wizard.key_page.setup is wizard  # a reference cycle: only the collector frees it
    del wizard
    gc.collect()
    assert watch.deleted == 0
    assert QGuiApplication.primaryScreen() is not None
    again = SetupWizard(tmp_path / "second.db")  # before the fix: a segfault in its constructor
    qtbot.addWidget(again)
    assert again.width() > 0


def test_a_dialog_is_fitted_to_its_parents_screen_or_the_primary_one(qtbot) -> None:
    from ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH, fit_on_screen, screen_of

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = QDialog(parent)
    lone = QDialog()
    qtbot.addWidget(lone)
    primary = QGuiApplication.primaryScreen()
    assert primary is not None
    assert screen_of(dialog) is primary and screen_of(lone) is primary
    fit_on_screen(lone, 100_000, 100_000)
    room = primary.availableGeometry()
    assert (lone.width(), lone.height()) == (
        room.width() - FRAME_WIDTH,
        room.height() - FRAME_HEIGHT,
    )


def _screen_calls(path: Path) -> list[int]:
    """The lines of `path` that call a `.screen()` method (code only: comments and strings not)."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    ]
    return [
        name.start[0]
        for dot, name, opening in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if dot.string == "." and name.string == "screen" and opening.string == "("
    ]


def test_no_window_asks_a_widget_or_window_handle_for_its_screen() -> None:
    """ui/screen_fit.py says why: the screen is found with screen_of, never widget.screen()."""
    ui = Path(__file__).resolve().parents[2] / "ui"
    found = [
        f"{path.name}:{line}" for path in sorted(ui.rglob("*.py")) for line in _screen_calls(path)
    ]
    assert found == []
