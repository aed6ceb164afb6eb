"""The benchmark-only start-up probe (ui/probe.py): login from the environment with the real
password, quit after the work queue's first paint, the memory tour of the queue and a case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.errors import AuthenticationError
from app.models import User
from tests.conftest import TEST_KEY
from ui import probe
from ui.login import LoginDialog


def test_inactive_unless_asked(monkeypatch) -> None:
    monkeypatch.delenv(probe.EXIT_AFTER_FIRST_PAINT, raising=False)
    monkeypatch.delenv(probe.TOUR, raising=False)
    assert not probe.active()
    monkeypatch.setenv(probe.EXIT_AFTER_FIRST_PAINT, "yes")  # only "1" switches it on
    assert not probe.active()
    monkeypatch.setenv(probe.TOUR, "1")
    assert probe.active()


def _driven(qtbot, database, monkeypatch, password: str) -> LoginDialog:
    """A login box driven by the probe, as the benchmark's start drives it."""
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", password)
    dialog = LoginDialog(database)
    qtbot.addWidget(dialog)
    probe.drive(dialog)
    dialog.show()
    return dialog


def test_login_needs_the_real_password(qtbot, demo_db, monkeypatch, capsys) -> None:
    monkeypatch.delenv(probe.LOGIN_WHEN, raising=False)
    dialog = _driven(qtbot, demo_db, monkeypatch, "not-the-password")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.user is None
    assert "casedesk: Wrong user name or password." in capsys.readouterr().err
    with demo_db.session() as s:  # the wrong password counted, as it does for a person
        assert s.query(User).filter_by(username="supervisor").one().failed_logins == 1
    monkeypatch.delenv("CASEDESK_PASSWORD")
    with pytest.raises(AuthenticationError, match="CASEDESK_USER and CASEDESK_PASSWORD"):
        probe.drive(LoginDialog(demo_db))
    dialog = _driven(qtbot, demo_db, monkeypatch, "demo")
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dialog.user is not None and dialog.user.username == "supervisor"
    marks = [line.split("=")[0] for line in capsys.readouterr().out.splitlines()]
    assert marks == ["login-shown-s", "login-submitted-s", "login-done-s"]


def test_after_open_presses_log_in_once_the_office_is_open(
    qtbot, demo_db, monkeypatch, capsys
) -> None:
    """CASEDESK_BENCH_LOGIN=after-open: a user who typed while the modules loaded."""
    monkeypatch.setenv(probe.LOGIN_WHEN, "after-open")
    dialog = _driven(qtbot, None, monkeypatch, "demo")
    qtbot.waitUntil(lambda: "login-shown-s=" in capsys.readouterr().out, timeout=20_000)
    qtbot.wait(100)
    assert "login-submitted-s=" not in capsys.readouterr().out  # still waiting for the office
    assert not dialog.waiting  # nothing was pressed yet
    dialog.office_ready(demo_db)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dialog.user is not None and dialog.user.username == "supervisor"


def _window(qtbot, database):
    from app.auth import authenticate
    from ui.main_window import MainWindow

    window = MainWindow(database, authenticate(database.sessions, "supervisor", "demo"))
    qtbot.addWidget(window)
    return window


def test_quits_after_the_queue_first_paints(qtbot, demo_db, monkeypatch, capsys) -> None:
    monkeypatch.setenv(probe.EXIT_AFTER_FIRST_PAINT, "1")
    monkeypatch.delenv(probe.TOUR, raising=False)
    window = _window(qtbot, demo_db)
    assert window.stack.currentWidget() is window.built["queue"]  # the start page
    probe.install(window)
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    out = capsys.readouterr().out
    marks = [line.split("=")[0] for line in out.splitlines() if "-s=" in line]
    assert marks == ["window-built-s", "first-paint-s"]
    assert window.stack.currentWidget() is window.queue


def test_tour_scrolls_the_queue_and_opens_a_case(qtbot, demo_db, monkeypatch, capsys) -> None:
    monkeypatch.setenv(probe.TOUR, "1")
    window = _window(qtbot, demo_db)
    probe.install(window)
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    out = capsys.readouterr().out
    assert "tour-done-s=" in out
    assert 50 < float(out.split("peak-rss-mb=")[1].split()[0]) < 4000  # MiB, read from /proc
    last = window.queue.model.rowCount() - 1
    assert last > 50  # enough cases that the end is a page the first paint never fetched
    assert window.queue.model.id_at(last) in window.queue.model._cache
    assert window.stack.currentWidget() is window.cases
    assert window.cases.detail is not None
    assert window.cases.detail.id == window.queue.model.id_at(0)


def test_a_benchmark_start_with_a_wrong_password_opens_nothing(demo_path, tmp_path) -> None:
    """Through the real entry point: one line on stderr, exit 1, no window shown."""
    env = dict(
        os.environ,
        CASEDESK_DB_KEY=TEST_KEY,
        CASEDESK_HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        CASEDESK_USER="supervisor",
        CASEDESK_PASSWORD="wrong",
        CASEDESK_EXIT_AFTER_FIRST_PAINT="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(demo_path)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "casedesk: Wrong user name or password." in done.stderr.splitlines()
    assert "window-built-s=" not in done.stdout and "first-paint-s=" not in done.stdout
