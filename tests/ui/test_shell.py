"""The app shell on a real database: login, Borrowers → Loans, screenshots (en and zh_CN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from app.i18n import set_language
from app.i18n import tr as _
from app.models import Borrower, Loan, Payment, User
from tests.conftest import TEST_KEY
from tests.ui.cells import cell_rect
from tests.ui.office import office_path
from tests.ui.shots import grab as _grab
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SIZE = (1366, 768)


@pytest.fixture
def database(
    request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication
) -> Iterator[object]:
    from db.store import open_database
    from ui.app import application

    application()  # names for QSettings, the bundled CJK font
    db = open_database(office_path(request, tmp_path), TEST_KEY)
    yield db
    db.close()


@pytest.fixture
def paid_loan(database) -> tuple[Borrower, Loan]:
    """A borrower and one of their loans that has a payment (so every table has rows)."""
    with database.sessions() as s:
        loan = s.scalars(
            select(Loan).join(Payment, Payment.loan_id == Loan.id).order_by(Loan.id)
        ).first()
        return s.get(Borrower, loan.borrower_id), loan


def _user(database, username: str = "supervisor") -> User:
    from app.auth import authenticate

    return authenticate(database.sessions, username, "demo")


def _window(qtbot, database, user: User):
    from ui.main_window import MainWindow

    window = MainWindow(database, user)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_login_wrong_password_keeps_dialog_open(qtbot, database, screenshot_dir) -> None:
    from ui.login import LoginDialog

    dialog = LoginDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "agent01")
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.try_login()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisible()
    assert dialog.error.text() == _("Wrong user name or password.")
    assert dialog.user is None
    _grab(dialog, screenshot_dir / "login_dialog.png")
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "demo")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user is not None and dialog.user.username == "agent01"


def test_login_classmethod_returns_the_user(qtbot, database) -> None:
    from ui.login import LoginDialog

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        dialog.username.setText("supervisor")
        dialog.password.setText("demo")
        dialog.try_login()

    QTimer.singleShot(0, fill)
    user = LoginDialog.login(None, database)
    assert user is not None and user.username == "supervisor"


def test_search_by_id_then_open_loan_schedule(qtbot, database, paid_loan, screenshot_dir) -> None:
    borrower, loan = paid_loan
    window = _window(qtbot, database, _user(database))
    page = window.borrowers
    pages = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
    assert {"Borrowers", "Loans"} <= set(pages)
    assert page.model.rowCount() >= 2
    window.show_page(page)  # nothing selected: a hint, not a skeleton of empty fields
    assert page.detail.hint.isVisible() and not page.detail.content.isVisible()
    _grab(window, screenshot_dir / "borrowers_page_none.png")
    window.show_page(window.loans)
    assert window.loans.detail.hint.isVisible() and not window.loans.detail.tabs.isVisible()
    _grab(window, screenshot_dir / "loans_page_none.png")
    window.show_page(page)
    with qtbot.waitSignal(page.search.search, timeout=2000):
        qtbot.keyClicks(page.search, borrower.national_id)
    assert page.model.ids() == [borrower.id]
    page.table.selectRow(0)
    assert page.detail.title.text() == borrower.name
    assert page.detail.content.isVisible() and not page.detail.hint.isVisible()
    loans_table = page.detail.loans
    loan_nos = [cell_text(loans_table, r, 0) for r in range(loans_table.rowCount())]
    assert loan.loan_no in loan_nos
    assert borrower.national_id not in page.detail.form.values["ID number"].text()
    _grab(window, screenshot_dir / "borrowers_page.png")

    row = loan_nos.index(loan.loan_no)
    rect = cell_rect(loans_table, row, 0)
    page.detail.ensureWidgetVisible(loans_table)
    qtbot.mouseClick(loans_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(loans_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is window.loans
    assert cell_text(window.sidebar, window.sidebar.currentRow(), 0) == "Loans"
    assert window.loans.selected_id() == loan.id
    schedule = window.loans.detail.schedule
    assert schedule.rowCount() == loan.term_months
    assert cell_text(schedule, 0, 0) == "1" and schedule.isVisible()
    assert not window.loans.detail.hint.isVisible()
    assert window.loans.detail.payments.rowCount() >= 1
    _grab(window, screenshot_dir / "loans_page.png")
    window.loans.detail.tabs.setCurrentIndex(1)
    _grab(window, screenshot_dir / "loans_page_payments.png")


def test_loans_status_filter_and_change_signal(qtbot, database) -> None:
    window = _window(qtbot, database, _user(database))
    loans = window.loans
    total = loans.model.rowCount()
    loans.status_combo.setCurrentIndex(loans.status_combo.findData("active"))
    active = loans.model.rowCount()
    assert 0 < active <= total
    loans.status_combo.setCurrentIndex(0)
    assert loans.model.rowCount() == total
    loans.model.sort(6, Qt.SortOrder.DescendingOrder)  # outstanding, re-queried in SQL
    first, second = loans.model.row_data(0), loans.model.row_data(1)
    assert first.outstanding >= second.outstanding
    loans.table.selectRow(0)
    selected = loans.selected_id()
    window.hub.announce("payment")
    assert loans.selected_id() == selected


def test_status_bar_and_geometry_saved(qtbot, database) -> None:
    window = _window(qtbot, database, _user(database))
    assert "Supervisor" in window.user_label.text()
    assert str(database.path) == window.path_label.text()
    window.close()
    assert QSettings("Casedesk", "Casedesk").value("main_window/geometry") is not None


def test_open_error_shows_translated_message(qtbot, tmp_path, monkeypatch) -> None:
    from ui.app import run

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    # Under a file, where no office can be set up either (a new file is offered the wizard:
    # tests/ui/test_wizard_at_db_path.py).
    (tmp_path / "a-file").write_text("")
    missing = tmp_path / "a-file" / "nothing-here.db"
    assert run(missing, lang="en") == 1
    assert seen and str(missing) in seen[0] and seen[0].startswith("No database at")
    assert not missing.exists()
    set_language("en")


def test_borrowers_listed_in_pinyin_order_and_found_by_pinyin(
    qtbot, database, screenshot_dir
) -> None:
    from app.names import name_pinyin, name_typed

    with database.session() as s:
        renamed = s.scalars(select(Borrower).order_by(Borrower.id)).first()
        renamed.name = "单田芳"  # 单 as a surname reads shàn, not dān
        renamed_id = renamed.id
    set_language("zh_CN")
    try:
        window = _window(qtbot, database, _user(database))
        page = window.borrowers
        window.show_page(page)
        shown = [page.model.row_data(r).name for r in range(page.model.rowCount())]
        assert shown == sorted(shown, key=lambda n: (name_pinyin(n), n)) != sorted(shown)
        at = shown.index("单田芳")
        pinyin = name_pinyin("单田芳")
        assert pinyin.startswith("shan")  # 单 as a surname reads shàn, not dān
        # Under S, not D: after the names from E to R (another Shan may come first, some days).
        assert all(name_pinyin(n) <= pinyin for n in shown[:at])
        assert any("e" <= name_pinyin(n)[:1] < "s" for n in shown[:at])
        with qtbot.waitSignal(page.search.search, timeout=2000):
            qtbot.keyClicks(page.search, "stf")
        assert page.model.ids() == [renamed_id]  # the one match is selected
        assert page.detail.title.text() == "单田芳"
        page.search.clear()
        with qtbot.waitSignal(page.search.search, timeout=2000):
            qtbot.keyClicks(page.search, "zh")
        found = [page.model.row_data(r).name for r in range(page.model.rowCount())]
        assert found and all("zh" in name_typed(n) for n in found)
        _grab(window, screenshot_dir / "borrowers_pinyin_zh_CN.png")
    finally:
        set_language("en")


def test_main_window_in_chinese(qtbot, database, paid_loan, screenshot_dir) -> None:
    borrower, loan = paid_loan
    set_language("zh_CN")
    try:
        window = _window(qtbot, database, _user(database))
        titles = [cell_text(window.sidebar, i, 0) for i in range(window.sidebar.count())]
        assert {"借款人", "贷款", "工作队列"} <= set(titles)
        page = window.borrowers
        page.table.selectRow(page.model.row_of(borrower.id))
        assert page.detail.title.text() == borrower.name
        _grab(window, screenshot_dir / "borrowers_page_zh_CN.png")
        window.open_loan(loan.id)
        assert window.loans.detail.schedule.rowCount() == loan.term_months
        _grab(window, screenshot_dir / "loans_page_zh_CN.png")
        from ui.login import LoginDialog

        dialog = LoginDialog(database)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.username.setText("agent01")
        dialog.password.setText("x")
        dialog.try_login()
        assert dialog.error.text() == "用户名或密码错误。"
        _grab(dialog, screenshot_dir / "login_dialog_zh_CN.png")
    finally:
        set_language("en")


def test_every_ui_string_has_a_chinese_translation() -> None:
    from app.i18n import _catalog
    from tests.ui.msgids import ui_msgids

    catalog = _catalog("zh_CN")  # every zh_CN/*.json merged, as the app reads them
    assert sorted(ui_msgids() - set(catalog)) == []
    for msgid, text in catalog.items():
        assert text.count("{") == msgid.count("{"), msgid


def test_loans_and_borrowers_show_their_first_screen_then_the_count(qtbot, database) -> None:
    """A refresh of the Loans or Borrowers list reads its first screen of ids only; the count
    line says it is counting until the count follows the paint, and the list then grows to it.
    A row past the first screen is still found (and selected) when asked for."""
    from app.i18n import plural
    from app.queries import borrower_ids, loan_ids

    with database.sessions() as s:
        every_loan = loan_ids(s, sort="loan_no", descending=True)
        every_borrower = borrower_ids(s)
    window = _window(qtbot, database, _user(database))
    for page, every, counting, counted in (
        (
            window.loans,
            every_loan,
            "Counting loans…",
            plural(len(every_loan), "{count} loan", "{count} loans"),
        ),
        (
            window.borrowers,
            every_borrower,
            "Counting borrowers…",
            plural(len(every_borrower), "{count} borrower", "{count} borrowers"),
        ),
    ):
        window.show_page(page)
        qtbot.waitUntil(lambda p=page, c=counted: p.count.text() == c, timeout=2000)
        page.model.head_size = 10
        if page is window.loans:
            page.model.sort(0, Qt.SortOrder.DescendingOrder)  # by loan number, from the top
        else:
            page.refresh()
        assert page.model.rowCount() == 10 and page.model.counting
        assert page.count.text() == counting
        assert [page.model.id_at(r) for r in range(10)] == every[:10]
        qtbot.waitUntil(lambda p=page, c=counted: p.count.text() == c, timeout=2000)
        assert page.model.rowCount() == len(every)
        assert page.model.ids() == every  # the rest, read when first needed (or painted)

    loans = window.loans
    last = every_loan[-1]
    set_language("zh_CN")
    try:
        loans.refresh()
        assert loans.selected_id() is None and loans.count.text() == "正在统计贷款…"
        qtbot.waitUntil(lambda: loans.count.text() == f"共 {len(every_loan)} 笔贷款", timeout=2000)
        loans.refresh()
        loans.show_loan(last)  # past the first screen: the rest of the ids are read to find it
        assert loans.selected_id() == last
        with database.sessions() as s:
            assert loans.detail.title.text().startswith(s.get(Loan, last).loan_no)
        loans.refresh()  # it stays selected; finding it read every id, so the count is known
        assert loans.selected_id() == last and loans.count.text() == f"共 {len(every_loan)} 笔贷款"
    finally:
        set_language("en")


def test_the_loans_status_column_fits_every_status_whatever_rows_come_first(
    qtbot, database
) -> None:
    """The columns are fitted to the first rows; sorted another way, a status those rows did not
    show ("Written off") must still fit, in either language."""
    from ui import labels

    for lang in ("en", "zh_CN"):
        set_language(lang)
        try:
            window = _window(qtbot, database, _user(database))
            loans = window.loans
            window.show_page(loans)
            loans.refresh()
            metrics = loans.table.fontMetrics()
            width = loans.table.columnWidth(5)
            for status in labels.LOAN_STATUS:
                text = labels.label(labels.LOAN_STATUS, status)
                assert metrics.horizontalAdvance(text) < width, (lang, text)
        finally:
            set_language("en")


def test_the_wrong_password_that_locks_says_so_in_the_login_box(
    qtbot, database, screenshot_dir
) -> None:
    """QA: the attempt that locked the account said only "Wrong user name or password."."""
    from app import settings
    from ui.login import LoginDialog

    with database.sessions() as s:
        attempts = int(settings.get(s, "security.max_failed_logins"))
    set_language("zh_CN")
    try:
        dialog = LoginDialog(database)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.username, "agent01")
        for _n in range(attempts):
            dialog.password.setText("wrong")
            dialog.try_login()
        said = dialog.error.text()
        assert said.startswith("用户名或密码错误。密码错误次数过多，账户现已锁定至 "), said
        assert dialog.isVisible() and dialog.user is None
        _grab(dialog, screenshot_dir / "login_locked_now_zh_CN.png")
    finally:
        set_language("en")
