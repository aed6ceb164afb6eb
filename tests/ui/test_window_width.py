"""The main window fits a 1024-pixel-wide screen whatever page has been shown: a page's bar of
buttons or filters wraps rather than hold the window wider (the window's narrowest is the widest
page's narrowest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from app.i18n import set_language
from tests.ui.test_queue import open_office

pytestmark = pytest.mark.gui
LAPTOP = (1024, 640)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


@pytest.mark.parametrize(("lang", "username"), [("en", "supervisor"), ("zh_CN", "admin")])
def test_every_page_fits_a_laptop_screen(qtbot, database, lang, username, screenshot_dir) -> None:
    from app.auth import authenticate
    from ui.main_window import MainWindow

    set_language(lang)
    try:
        window = MainWindow(database, authenticate(database.sessions, username, "demo"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.resize(*LAPTOP)
        for name in window.page_names:
            page = window.page(name)
            window.show_page(page)
            if name == "cases":
                page.show_case(1)  # a case open: its bar of actions shown
            QApplication.processEvents()
            assert window.minimumSizeHint().width() <= LAPTOP[0], name
            assert window.width() == LAPTOP[0], name
            # Every button the page shows lies within it, none hidden past its right edge.
            for button in page.findChildren(QPushButton):
                if button.isVisibleTo(page) and button.window() is window:
                    right = button.mapTo(page, button.rect().topRight()).x()
                    assert right <= page.width(), (name, button.text())
            if name in ("visits", "cases", "queue"):
                window.grab().save(str(screenshot_dir / f"laptop_{name}_{lang}.png"))
    finally:
        set_language("en")
