"""The first-run wizard on an empty data folder (a temp dir, a file keyring): office, admin with
a checked password, the recovery key (printed to PDF, copied), Finish only once "written down" is
ticked; it ends logged in on an empty dashboard — also through `casedesk` itself (ui.app.run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import select

from app.i18n import set_language
from app.i18n import tr as _
from app.models import Office, User

pytestmark = pytest.mark.gui
PASSWORD = "Chengdu-2026"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Path:
    """An empty data folder that does not exist yet, as on a new computer."""
    folder = tmp_path / "fresh-home"
    monkeypatch.setenv("CASEDESK_HOME", str(folder))
    monkeypatch.delenv("CASEDESK_DB_KEY", raising=False)
    from ui.app import application

    application()
    return folder


def _fill(wizard, shots: Path | None = None, lang: str = "en") -> None:
    office, admin, key = wizard.office, wizard.admin, wizard.key_page
    if shots:
        wizard.grab().save(str(shots / f"wizard_{lang}_1_office.png"))
    assert not office.validatePage()  # no name yet
    assert office.error.text() == _("The office needs a name.")
    office.name.setText("成都高新营业部")
    office.rules.setCurrentIndex(office.rules.findData("us"))
    assert office.currency.currentText() == "USD"  # follows the rule set
    office.rules.setCurrentIndex(office.rules.findData("cn"))
    wizard.next()
    assert wizard.currentPage() is admin
    admin.password.setText("abcdefgh")
    admin.repeat.setText("abcdefgh")
    wizard.next()
    assert wizard.currentPage() is admin and admin.error.isVisibleTo(admin)  # too simple
    admin.password.setText(PASSWORD)
    admin.repeat.setText(PASSWORD + "x")
    wizard.next()
    assert wizard.currentPage() is admin  # differ
    admin.repeat.setText(PASSWORD)
    if shots:
        wizard.grab().save(str(shots / f"wizard_{lang}_2_admin.png"))
    wizard.next()
    assert wizard.currentPage() is key
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    key.written.setChecked(True)
    assert finish.isEnabled()
    if shots:
        wizard.grab().save(str(shots / f"wizard_{lang}_3_key.png"))


def test_wizard_creates_the_office_and_logs_in(qtbot, home, tmp_path, screenshot_dir) -> None:
    from app.paths import default_db_path
    from db.keystore import key_from_keychain
    from ui.main_window import MainWindow
    from ui.wizard import SetupWizard

    path = default_db_path()
    assert not path.parent.exists()
    wizard = SetupWizard(path)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(wizard, screenshot_dir)
    key_page = wizard.key_page
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "key.pdf"))
    key_page.print_to(printer)
    from pypdf import PdfReader

    printed = "".join(page.extract_text() for page in PdfReader(tmp_path / "key.pdf").pages)
    assert key_page.recovery in printed.replace("\n", "").replace(" ", "")
    key_page.copy()
    assert QApplication.clipboard().text() == key_page.recovery
    assert not path.exists()  # nothing written before Finish
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert path.exists() and key_from_keychain(path) == wizard.key
    database, user = wizard.database, wizard.user
    try:
        assert user is not None and user.username == "admin" and user.role.value == "admin"
        with database.sessions() as s:
            office = s.scalar(select(Office))
            assert (office.name, office.currency, office.jurisdiction) == (
                "成都高新营业部",
                "CNY",
                "cn",
            )
        window = MainWindow(database, user)
        qtbot.addWidget(window)
        window.show()
        assert window.stack.currentWidget() is window.queue
        assert window.queue.model.rowCount() == 0  # a new office: nothing overdue yet
        window.show_page(window.dashboard)
        figures = window.dashboard.figures
        assert figures.overdue_count == 0 and figures.recovered_this_month == 0
        assert window.dashboard.tiles["overdue"].detail.text() == "0 open overdue cases"
        window.grab().save(str(screenshot_dir / "dashboard_empty_office.png"))
    finally:
        database.close()


def test_casedesk_without_a_database_runs_the_wizard(qtbot, home) -> None:
    """`casedesk` on an empty data folder: wizard → logged-in window on the empty dashboard."""
    from ui.app import run
    from ui.main_window import MainWindow
    from ui.wizard import SetupWizard

    seen: dict[str, object] = {}

    def drive_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, SetupWizard):
            QTimer.singleShot(20, drive_wizard)
            return
        _fill(wizard)
        wizard.accept()
        QTimer.singleShot(20, check_window)

    def check_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        shown = [w for w in windows if w.isVisible()]
        if not shown:
            QTimer.singleShot(20, check_window)
            return
        window = shown[-1]
        seen["user"] = window.user.username
        seen["page"] = window.stack.currentWidget() is window.queue
        seen["overdue"] = window.dashboard.figures.overdue_count
        # Closing the last window ends app.exec() as it does for a user: Qt posts a Quit event
        # and that loop handles it. No QApplication.exit() as well: it would end the loop first,
        # the posted Quit would be handled later outside app.exec() and leave Qt's quit flag
        # set, and every exec() after it (the next test's LoginDialog.login) returns at once.
        window.close()

    QTimer.singleShot(0, drive_wizard)
    assert run(None, lang="en") == 0
    assert seen == {"user": "admin", "page": True, "overdue": 0}
    from app.paths import default_db_path

    assert default_db_path().exists()


def test_wizard_in_chinese(qtbot, home, screenshot_dir) -> None:
    from app.paths import default_db_path
    from ui.wizard import SetupWizard

    set_language("zh_CN")
    try:
        wizard = SetupWizard(default_db_path())
        qtbot.addWidget(wizard)
        wizard.show()
        assert wizard.windowTitle() == "设置 Casedesk"
        _fill(wizard, screenshot_dir, "zh_CN")
        assert wizard.key_page.written.text() == "我已抄写或打印，并会妥善保管"
    finally:
        set_language("en")


def test_a_bad_admin_name_is_said_on_its_own_page(qtbot, home) -> None:
    from app.paths import default_db_path
    from ui.wizard import SetupWizard

    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    page = wizard.admin
    page.username.setText("bad name with spaces")
    page.password.setText("Long-enough-42")
    page.repeat.setText("Long-enough-42")
    assert page.validatePage() is False
    assert "without spaces" in page.error.text() and not page.error.isHidden()
    page.username.setText("admin")
    assert page.validatePage() is True


def test_cancel_leaves_no_file(qtbot, home) -> None:
    from app.paths import default_db_path
    from ui.wizard import SetupWizard

    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.office.name.setText("Branch")
    wizard.next()
    wizard.reject()
    assert wizard.database is None and not default_db_path().exists()
    assert User.__tablename__ == "user"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_typing_stops_at_the_cores_limits_for_the_office_and_user_names(
    qtbot, home, screenshot_dir, lang: str
) -> None:
    """The office and user name fields take as many characters as the core accepts and no more:
    what is typed past the limit is not entered (rather than refused after the recovery key)."""
    from app.auth import check_username
    from app.errors import ValidationError
    from app.paths import default_db_path
    from app.setup import check_office_choices
    from ui.wizard import SetupWizard

    set_language(lang)
    try:
        wizard = SetupWizard(default_db_path())
        qtbot.addWidget(wizard)
        wizard.show()
        office, admin = wizard.office, wizard.admin
        office.name.setText("成都高新营业部")  # as an input method enters it; then typed on
        qtbot.keyClicks(office.name, "x" * 250)
        name = office.name.text()
        assert name.startswith("成都高新营业部") and 7 < len(name) < 257
        check_office_choices(name, "CNY", "Asia/Shanghai", "cn")  # the whole of it is accepted
        with pytest.raises(ValidationError, match="too long"):
            check_office_choices(name + "x", "CNY", "Asia/Shanghai", "cn")  # one more is not
        assert office.validatePage()
        wizard.grab().save(str(screenshot_dir / f"wizard_{lang}_long_office_name.png"))
        wizard.next()
        assert wizard.currentPage() is admin
        admin.username.clear()
        qtbot.keyClicks(admin.username, "chengdu." + "a" * 100)
        username = admin.username.text()
        assert username.startswith("chengdu.a") and len(username) < 108
        assert check_username(username) == username
        with pytest.raises(ValidationError, match="1–60" if lang == "en" else "60"):
            check_username(username + "a")
        admin.password.setText(PASSWORD)
        admin.repeat.setText(PASSWORD)
        assert admin.validatePage()
        wizard.grab().save(str(screenshot_dir / f"wizard_{lang}_long_user_name.png"))
    finally:
        set_language("en")


def test_cancel_escape_and_the_close_button_ask_once_something_was_typed(
    qtbot, home, screenshot_dir
) -> None:
    """QA: one Escape after typing the office's name quit Casedesk and lost it; as every form,
    the wizard asks "Discard what you typed?", Keep editing the default; untouched, it closes."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from app.paths import default_db_path
    from tests.ui.test_trust import when_modal
    from ui.wizard import SetupWizard

    asked: list[str] = []

    def keep(box: QMessageBox) -> None:
        asked.append(box.text())
        assert box.defaultButton().text() == "Keep editing"
        box.grab().save(str(screenshot_dir / "wizard_discard_asked.png"))
        box.defaultButton().click()

    wizard = SetupWizard(default_db_path())
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.office.name.setFocus()  # the keys in the wizard: Escape asks (ui/dialog_keys.py)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.office.name, timeout=2000)
    wizard.office.name.setText("东城网点")
    for close in (
        lambda: qtbot.keyClick(wizard.office.name, Qt.Key.Key_Escape),
        lambda: wizard.button(QWizard.WizardButton.CancelButton).click(),
        wizard.close,
    ):
        when_modal(QMessageBox, keep)
        close()
        assert wizard.isVisible() and wizard.office.name.text() == "东城网点"
    assert asked == ["Discard what you typed?"] * 3  # once each, not twice for Escape
    when_modal(QMessageBox, _discard)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible()
    untouched = SetupWizard(default_db_path())
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.waitExposed(untouched)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not untouched.isVisible()


def _discard(box) -> None:  # type: ignore[no-untyped-def]
    (discard,) = [b for b in box.buttons() if b.text() == "Discard"]
    discard.click()
