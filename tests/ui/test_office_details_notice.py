"""An office that imported its loan book before filling in its own details: the first steps are
gone, yet its visit sheets print no safety contact and its agreements no address or phone. The
Visits and Agreements pages now say what their papers lack, with Settings… at hand for an admin
or supervisor; an agent is told who fills it in; it goes once Settings… › Office saved it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.auth import add_user
from app.i18n import set_language
from app.importer import import_file
from app.models import Role, User
from tests.core import importer_files as f
from tests.ui import test_first_steps_queue
from tests.ui.shots import grab
from tests.ui.test_first_steps_office import _save_office
from tests.ui.test_first_steps_queue import _admin

pytestmark = pytest.mark.gui

new_office = test_first_steps_queue.database  # a new office, nothing imported yet

SAID = {
    ("visits", "en"): "Not on file for the office: the safety contact for field visits.",
    ("visits", "zh_CN"): "营业部尚未填写：上门安全联系人。",
    ("agreements", "en"): "Not on file for the office: the address, the phone.",
    ("agreements", "zh_CN"): "营业部尚未填写：地址、电话。",
}


@pytest.fixture
def office(new_office, tmp_path):
    """The new office with its loan book imported (so no first steps) and an agent."""
    path = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(1))
    loans = f.write_csv(tmp_path / "l.csv", f.LOAN_ZH, f.loans(1))
    with new_office.session(write_lock=True) as s:
        admin = s.get(User, _admin(new_office).id)
        assert import_file(s, admin, "borrowers", path).ok
        assert import_file(s, admin, "loans", loans).ok
        add_user(s, admin, "liming", Role.AGENT, "Agent-2026ab", "李明")
    return new_office


def _notice(window, page: str) -> QWidget:
    window.show_page(window.page(page))
    found = window.page(page).findChild(QWidget, f"office_details_notice:{page}")
    assert found is not None
    return found


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_pages_say_what_their_papers_lack_until_filled(
    qtbot, office, screenshot_dir, lang
) -> None:
    from ui.main_window import MainWindow

    set_language(lang)
    try:
        window = MainWindow(office, _admin(office))
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        steps = window.queue.findChild(QLabel, "first_steps")
        assert steps is not None and not steps.isVisible()  # gone with the first loan
        for page in ("visits", "agreements"):
            notice = _notice(window, page)
            assert notice.isVisible() and notice.settings_button.isVisible()
            assert notice.text.text().startswith(SAID[page, lang])
            assert "casedesk settings set office." in notice.text.text()  # theirs to fill in
            grab(window, screenshot_dir / f"officedetails-{page}-{lang}.png")
        _save_office(window, safety_contact="王主管 138 0000 0000")
        assert not _notice(window, "visits").isVisible()
        assert _notice(window, "agreements").isVisible()  # the address and phone still blank
        _save_office(window, address="成都市武侯区人民南路四段 1 号", phone="028-8555 0100")
        assert not _notice(window, "agreements").isVisible()
    finally:
        set_language("en")


def test_an_agent_is_told_who_fills_it_in(qtbot, office, screenshot_dir) -> None:
    from ui.main_window import MainWindow

    with office.sessions() as s:
        agent = s.query(User).filter_by(username="liming").one()
        s.expunge(agent)
    window = MainWindow(office, agent)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    notice = _notice(window, "visits")
    assert notice.isVisible() and not notice.settings_button.isVisible()
    assert notice.text.text().endswith("A supervisor or admin fills it in: Settings… › Office.")
    grab(window, screenshot_dir / "officedetails-visits-agent-en.png")


def test_settings_opens_from_the_notice_on_its_office_tab(qtbot, office) -> None:
    from ui.dialogs.settings import SettingsDialog
    from ui.main_window import MainWindow

    window = MainWindow(office, _admin(office))
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog.tabs.currentWidget().objectName())
        dialog.reject()

    QTimer.singleShot(200, close_it)
    _notice(window, "visits").settings_button.click()
    assert seen == ["tab:office"]
