"""The main window's status bar: a temporary message ("Making the daily backup…") never covers
who is logged in, the buttons or the database's path, whether it came before the window was
shown or after; screenshots at a laptop's 1024 pixels in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.i18n import set_language
from app.i18n import tr as _
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.gui
LAPTOP = (1024, 640)
SHOTS = Path("/tmp/shots-c")


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _window(qtbot, database, message_first: bool):
    from app.auth import authenticate
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, "admin", "demo"))
    qtbot.addWidget(window)
    window.resize(*LAPTOP)
    if message_first:  # as at start: the message set before the window was first painted
        window.statusBar().showMessage(_("Making the daily backup…"))
    window.show()
    qtbot.waitExposed(window)
    window.command_actions.apply_icons()  # as after the first paint: the buttons' icons
    QApplication.processEvents()
    return window


def _bar_image(window) -> QImage:
    QApplication.processEvents()
    return window.statusBar().grab().toImage()


def _same_pixels(before: QImage, after: QImage, widget: QWidget) -> bool:
    rect = widget.geometry()
    return before.copy(rect) == after.copy(rect)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("message_first", [True, False])
def test_a_message_leaves_the_user_in_view_and_the_buttons_make_way(
    qtbot, database, lang: str, message_first: bool, screenshot_dir: Path
) -> None:
    set_language(lang)
    try:
        window = _window(qtbot, database, message_first)
        bar = window.statusBar()
        message = _("Making the daily backup…")
        if not message_first:
            bar.showMessage(message)
        buttons = bar.findChildren(QPushButton)
        assert len(buttons) == 4  # an admin's: change password, backups, import, users
        shown = _bar_image(window)
        assert bar.currentMessage() == message
        if message_first:
            SHOTS.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(SHOTS / f"status_bar_{lang}.png"))
            window.grab().save(str(screenshot_dir / f"status_bar_message_{lang}.png"))
        # Who is logged in stays in view, right of the message's whole text.
        assert window.user_label.isVisible() and window.path_label.isVisible()
        assert window.path_label.toolTip() == window.path_label.text() == str(database.path)
        assert bar.fontMetrics().horizontalAdvance(message) < window.user_label.x()
        for button in buttons:  # they make way: nothing is drawn over them
            assert not button.isVisible(), button.text()
        bar.clearMessage()
        quiet = _bar_image(window)
        for label in (window.user_label, window.path_label):
            assert _same_pixels(shown, quiet, label), label.text()  # no message drawn over it
        for button in buttons:
            assert button.isVisible(), button.text()
        if message_first:
            window.grab().save(str(SHOTS / f"status_bar_quiet_{lang}.png"))
    finally:
        set_language("en")


def test_buttons_the_role_lacks_stay_hidden_after_a_message(qtbot, database) -> None:
    from app.auth import authenticate
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, "supervisor", "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.statusBar().showMessage("Daily backup made and verified.")
    window.statusBar().clearMessage()
    assert window.password_button.isVisible()
    assert window.backups_button.isHidden() and window.import_button.isHidden()
    assert window.users_button.isHidden()
