"""A Log in pressed before the core has loaded: the first screen shows the user's queue at once,
then the main window takes its place with the login recorded (ui/quick_start.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from sqlalchemy import select

from app.errors import DatabaseError
from app.i18n import set_language
from app.models import AuditEntry, User
from db.lock import DatabaseLock
from db.store import open_database
from tests.conftest import TEST_KEY
from ui.app import open_office
from ui.first_screen import FirstScreen
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.quick_start import Handover, QuickStarted, quick_login
from ui.startup import LoggedIn, login_while_loading
from ui.table_fill import cell_text

ROOT = Path(__file__).resolve().parents[2]


def _press_at_once(username: str, password: str):  # type: ignore[no-untyped-def]
    def press(dialog: LoginDialog) -> None:  # the box's first event: nothing has loaded yet
        dialog.username.setText(username)
        dialog.password.setText(password)
        QTimer.singleShot(0, dialog.try_login)

    return press


def _start(path: Path, username: str, password: str) -> LoggedIn | QuickStarted | int:
    return login_while_loading(
        path,
        lambda dialog: open_office(path, dialog),
        _press_at_once(username, password),
        quick=lambda u, p: quick_login(path, u, p),
    )


def test_the_first_screen_shows_the_queue_and_the_window_takes_over(
    qtbot, demo_path, monkeypatch, screenshot_dir
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    started = _start(demo_path, "supervisor", "demo")
    assert isinstance(started, QuickStarted)
    assert not started.preload.begun  # the first screen paints before the load starts
    screen = FirstScreen(started.login.office, started.login.user, demo_path.name)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.grab().save(str(screenshot_dir / "first_screen.png"))

    database = open_database(demo_path, TEST_KEY)  # the core's own queue, for comparison
    try:
        from app.queries.cases import queue_ids, queue_rows

        with database.sessions() as s:
            user = s.scalars(select(User).where(User.username == "supervisor")).one()
            ids = queue_ids(s, user)
            first_rows = queue_rows(s, ids[:3])
    finally:
        database.close()
    assert screen.model.rowCount() == len(ids) and screen.count.text() == f"{len(ids)} open cases"
    assert [screen.model.id_at(r) for r in range(len(ids))] == ids  # scrolled to the end too
    assert screen.model.index(0, 0).data() == first_rows[ids[0]].case_no
    assert screen.model.index(0, 3).data() == first_rows[ids[0]].masked_id
    assert "*" in screen.model.index(0, 3).data()
    assert cell_text(screen.sidebar, screen.sidebar.currentRow(), 0) == "Work queue"
    assert screen.windowTitle() == f"Casedesk — {demo_path.name}"

    screen.table.selectRow(1)
    screen.table.doubleClicked.emit(screen.model.index(2, 0))
    assert screen.message.text() == "The case opens as soon as Casedesk has loaded…"
    carried = screen.carried()
    assert carried.case_id == ids[2] and carried.selected == (ids[1],)

    handover = Handover(demo_path, screen, started, "en")
    started.preload.begin()
    qtbot.waitUntil(started.preload.isFinished, timeout=60_000)
    assert started.preload.error is None
    handover.go()
    window = handover.window
    try:
        assert isinstance(window, MainWindow) and not handover.failed
        assert screen.closed and not screen.isVisible()
        assert window.user.username == "supervisor" and window.user.last_login_at is not None
        assert window.queue.model.ids()[:200] == ids[:200]
        assert window.queue.selected_ids() == [ids[1]]
        assert window.stack.currentWidget() is window.cases  # the double-clicked case
        assert window.cases.detail.id == ids[2]
        with window.database.sessions() as s:
            logins = s.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "user.login", AuditEntry.entity_id == window.user.id
                )
            ).all()
        assert len(logins) == 1
        assert not started.login.password  # not kept past the handover
    finally:
        if window is not None:
            window.close()
        started.login.office.close()
        started.login.lock.release()
        if handover.database is not None:
            handover.database.close()


def test_the_first_screen_in_chinese(qtbot, demo_path, monkeypatch, screenshot_dir) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    login = quick_login(demo_path, "agent01", "demo")
    assert login is not None
    set_language("zh_CN")
    try:
        screen = FirstScreen(login.office, login.user, demo_path.name)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        screen.grab().save(str(screenshot_dir / "first_screen_zh.png"))
        assert screen.message.text() == "正在加载 Casedesk 的其余部分…"
        assert cell_text(screen.sidebar, screen.sidebar.currentRow(), 0) == "工作队列"
        assert screen.model.headerData(0, Qt.Orientation.Horizontal) == "案件编号"
        screen.sidebar.setCurrentRow(0)
        assert screen.message.text() == "Casedesk 加载完成后即打开该页面…"
        assert screen.carried().page == "dashboard"
    finally:
        set_language("en")
        login.office.close()
        login.lock.release()


def test_a_wrong_password_takes_the_cores_path_and_is_counted(qtbot, demo_path, monkeypatch):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    assert quick_login(demo_path, "supervisor", "not-it") is None
    errors: list[str] = []

    def wrong_then_cancel(dialog: LoginDialog) -> None:
        _press_at_once("supervisor", "not-it")(dialog)

        def look() -> None:
            if dialog.error.isVisible():
                errors.append(dialog.error.text())
                dialog.reject()
            else:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    code = login_while_loading(
        demo_path,
        lambda dialog: open_office(demo_path, dialog),
        wrong_then_cancel,
        quick=lambda u, p: quick_login(demo_path, u, p),
    )
    assert code == 0 and errors == ["Wrong user name or password."]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            user = s.scalars(select(User).where(User.username == "supervisor")).one()
            assert user.failed_logins == 1  # counted once, by the core
    finally:
        database.close()


def test_what_the_quick_path_leaves_to_the_core(demo_path, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    url = "postgresql+psycopg://clerk@127.0.0.1/casedesk"
    assert quick_login(url, "supervisor", "demo") is None  # a server
    assert quick_login(tmp_path / "none.db", "supervisor", "demo") is None  # no such file
    with DatabaseLock(demo_path):  # another window has the office
        assert quick_login(demo_path, "supervisor", "demo") is None
    monkeypatch.setenv("CASEDESK_DB_KEY", "ab" * 32)  # a wrong key
    assert quick_login(demo_path, "supervisor", "demo") is None
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    login = quick_login(demo_path, "supervisor", "demo")
    assert login is not None
    try:
        with pytest.raises(DatabaseError, match="already open in another Casedesk window"):
            DatabaseLock(demo_path).acquire()  # the quick login holds the office's lock
    finally:
        login.office.close()
        login.lock.release()
    DatabaseLock(demo_path).acquire().release()  # let go


def _run_app(demo_path: Path, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        CASEDESK_DB_KEY=TEST_KEY,
        CASEDESK_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        CASEDESK_USER="supervisor",
        CASEDESK_PASSWORD="demo",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(demo_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_start_through_the_entry_point_paints_the_first_screen(demo_path, tmp_path) -> None:
    """The probe presses Log in at the box's first paint: the first screen paints, exit 0."""
    done = _run_app(demo_path, tmp_path, CASEDESK_EXIT_AFTER_FIRST_PAINT="1")
    assert done.returncode == 0, done.stderr
    marks = [line.split("=")[0] for line in done.stdout.splitlines() if "-s=" in line]
    assert marks == [
        "login-shown-s",
        "login-submitted-s",
        "login-done-s",
        "window-built-s",
        "first-paint-s",
    ]


def test_the_main_window_replaces_the_first_screen_through_the_entry_point(
    demo_path, tmp_path
) -> None:
    """With the tour, the first screen stays until the main window replaces it; the tour then
    runs on the main window (the queue scrolled, a case opened) and the login is audited."""
    done = _run_app(demo_path, tmp_path, CASEDESK_BENCH_TOUR="1")
    assert done.returncode == 0, done.stderr
    marks = [line.split("=")[0] for line in done.stdout.splitlines() if "-s=" in line]
    assert marks[:5] == [
        "login-shown-s",
        "login-submitted-s",
        "login-done-s",
        "window-built-s",
        "first-paint-s",
    ]
    assert marks[5:] == ["window-built-s", "first-paint-s", "tour-done-s"]
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            logins = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.login")).all()
            assert len(logins) == 1
    finally:
        database.close()


def test_an_account_deactivated_meanwhile_is_refused_at_the_handover(
    qtbot, demo_path, monkeypatch
) -> None:
    """The core looks at the account again when it records the login: one deactivated between
    the first screen and the handover gets the core's refusal, and no main window."""
    from sqlalchemy import update

    from tests.ui.test_startup import _close_boxes
    from ui.startup import PRELOAD, Preload

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    login = quick_login(demo_path, "agent01", "demo")
    assert login is not None
    screen = FirstScreen(login.office, login.user, demo_path.name)
    qtbot.addWidget(screen)
    screen.show()
    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        s.execute(update(User).where(User.username == "agent01").values(active=False))
    database.close()
    preload = Preload(PRELOAD)
    started = QuickStarted(login, preload)
    preload.begin()
    qtbot.waitUntil(preload.isFinished, timeout=60_000)
    handover = Handover(demo_path, screen, started, "en")
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _close_boxes(seen))
    try:
        handover.go()
        assert handover.failed and handover.window is None
        assert screen.closed and seen == ["Wrong user name or password."]
    finally:
        login.office.close()
        login.lock.release()
        if handover.database is not None:
            handover.database.close()


def test_the_quick_path_loads_no_model() -> None:
    """The first screen paints before the core's models load: they take about half a second,
    which a Log in pressed at once waited for when the empty queue's words came from
    app.first_steps (it reads the office, so it imports the models)."""
    code = "import sys, ui.quick_start; print(sorted(m for m in sys.modules if m == 'app.models'))"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
