"""The benchmark-only start-up probe (ui/probe.py): login from the environment with the real
password, quit after the work queue's first paint, the memory tour of the queue and a case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import AuthenticationError
from app.models import User
from tests.conftest import TEST_KEY
from ui import probe


def test_inactive_unless_asked(monkeypatch) -> None:
    monkeypatch.delenv(probe.EXIT_AFTER_FIRST_PAINT, raising=False)
    monkeypatch.delenv(probe.TOUR, raising=False)
    assert not probe.active()
    monkeypatch.setenv(probe.EXIT_AFTER_FIRST_PAINT, "yes")  # only "1" switches it on
    assert not probe.active()
    monkeypatch.setenv(probe.TOUR, "1")
    assert probe.active()


def test_login_needs_the_real_password(demo_db, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "not-the-password")
    with pytest.raises(AuthenticationError):
        probe.login(demo_db)
    monkeypatch.delenv("CASEDESK_PASSWORD")
    with pytest.raises(AuthenticationError, match="CASEDESK_USER and CASEDESK_PASSWORD"):
        probe.login(demo_db)
    with demo_db.session() as s:  # the wrong password counted, as it does in the dialog
        assert s.query(User).filter_by(username="supervisor").one().failed_logins == 1
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    user = probe.login(demo_db)
    assert user.username == "supervisor"


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
    assert done.stderr.strip().startswith("casedesk: ")
    assert "window-built-s=" not in done.stdout and "first-paint-s=" not in done.stdout
