"""The windows outside the main window's pages and dialogs at a large text size (150 %, as
tests/ui/test_big_text.py), in English and Chinese: each page of the first-run wizard, with its
refusals shown, and the idle lock, before and after a wrong password. Each shows its words whole
(tests/ui/clipping.py) and fits a 1366×768 screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.clipping import clipped, shown_widgets, window_too_big
from tests.ui.test_big_text import big_text, office, settled  # noqa: F401 (fixtures)
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui


def judged(window: QWidget, name: str, shots: Path, lang: str) -> list[str]:
    """What `window` cuts off (named), its picture saved when it cuts anything."""
    settled()
    found = [f"{name}: {p}" for p in window_too_big(window) + clipped(window)]
    assert len(shown_widgets(window)) > 5, name  # shown and looked into
    if found:
        window.grab().save(str(shots / f"big_text_{lang}_{name}.png"))  # to look at
    return found


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Path:
    """An empty data folder, as on a new computer (tests/ui/test_wizard.py)."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "fresh-home"))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    from ui.app import application

    application()
    return tmp_path / "fresh-home"


@pytest.mark.usefixtures("big_text")
def test_each_wizard_page_shows_its_words_whole(qtbot, home, lang, screenshot_dir) -> None:
    from app.paths import default_db_path
    from ui.wizard import SetupWizard

    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    start, admin, key = wizard.office, wizard.admin, wizard.key_page
    found = judged(wizard, "wizard_office", screenshot_dir, lang)
    assert not start.validatePage()  # no name: its refusal shown
    found += judged(wizard, "wizard_office_refused", screenshot_dir, lang)
    start.name.setText("成都高新营业部")
    wizard.next()
    assert wizard.currentPage() is admin
    found += judged(wizard, "wizard_admin", screenshot_dir, lang)
    admin.password.setText("abcdefgh")
    admin.repeat.setText("abcdefgh")
    wizard.next()  # too simple: refused
    assert wizard.currentPage() is admin and admin.error.isVisibleTo(admin)
    found += judged(wizard, "wizard_admin_refused", screenshot_dir, lang)
    admin.password.setText("Chengdu-2026")
    admin.repeat.setText("Chengdu-2026")
    wizard.next()
    assert wizard.currentPage() is key
    found += judged(wizard, "wizard_key", screenshot_dir, lang)
    key.written.setChecked(True)
    found += judged(wizard, "wizard_key_written", screenshot_dir, lang)
    assert not found, "\n".join(found)


@pytest.mark.usefixtures("big_text")
def test_the_lock_shows_its_words_whole(qtbot, office, lang, screenshot_dir) -> None:  # noqa: F811
    window = window_for(qtbot, office, "agent01")
    lock = window.idle_lock
    lock.lock()
    assert lock.is_locked()
    found = judged(lock.overlay, "lock", screenshot_dir, lang)
    assert not lock.try_unlock("not-the-password")
    found += judged(lock.overlay, "lock_wrong_password", screenshot_dir, lang)
    assert lock.try_unlock("demo")
    assert not found, "\n".join(found)
