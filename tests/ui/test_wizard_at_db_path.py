"""`casedesk --db FILE` naming no file yet: the window asks whether to set up a new office there
(as `casedesk init --db FILE` does) with the path shown, runs the wizard on that file and opens
the office; Quit makes nothing; a path where no database can be made is explained as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.i18n import set_language
from tests.ui.test_trust import when_modal
from tests.ui.test_wizard import _fill

pytestmark = pytest.mark.gui


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Path:
    folder = tmp_path / "fresh-home"
    monkeypatch.setenv("CASEDESK_HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    from ui.app import application

    application()
    return folder


def _button(box: QMessageBox, role: QMessageBox.ButtonRole):
    return next(b for b in box.buttons() if box.buttonRole(b) == role)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_new_file_named_with_db_is_set_up_by_the_wizard(
    qtbot, home, tmp_path, screenshot_dir, lang
) -> None:
    from ui.app import run
    from ui.main_window import MainWindow
    from ui.wizard import SetupWizard

    path = tmp_path / "branch" / "office.db"  # its folder is made too, as `init` makes it
    seen: dict[str, object] = {}

    def ask(box: QMessageBox) -> None:
        seen["question"] = box.text()
        seen["more"] = box.informativeText()
        box.grab().save(str(screenshot_dir / f"new_office_at_db_{lang}.png"))
        _button(box, QMessageBox.ButtonRole.AcceptRole).click()

    def drive_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, SetupWizard):
            QTimer.singleShot(20, drive_wizard)
            return
        seen["wizard_path"] = wizard.path
        _fill(wizard)
        wizard.accept()
        QTimer.singleShot(20, check_window)

    def check_window() -> None:
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, check_window)
            return
        seen["user"] = shown[-1].user.username
        shown[-1].close()

    set_language(lang)
    try:
        stop = when_modal(QMessageBox, ask)
        QTimer.singleShot(0, drive_wizard)
        assert run(path, lang=lang) == 0
        stop()
    finally:
        set_language("en")
    assert str(path) in str(seen["question"])
    words = {"en": "Set up a new office in this file", "zh_CN": "可以在这个文件中新建营业部"}
    assert str(seen["more"]).startswith(words[lang])
    assert seen["wizard_path"] == path and seen["user"] == "admin" and path.exists()


def test_quit_makes_nothing(qtbot, home, tmp_path) -> None:
    from ui.app import run

    path = tmp_path / "office.db"
    stop = when_modal(
        QMessageBox, lambda box: _button(box, QMessageBox.ButtonRole.RejectRole).click()
    )
    assert run(path, lang="en") == 0
    stop()
    assert not path.exists() and not list(tmp_path.glob("*.db*"))


def test_a_path_where_nothing_can_be_made_is_not_offered(home, tmp_path) -> None:
    from ui.app import offers_new_office

    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    assert offers_new_office(in_the_way / "office.db", in_the_way / "office.db") is None
    existing = tmp_path / "there.db"
    existing.write_bytes(b"x")
    assert offers_new_office(existing, existing) is None
    assert offers_new_office(None, tmp_path / "casedesk.db") is None  # the default: the wizard
