"""Test fixtures: an isolated data folder and keychain per session, a migrated template database
built once and copied per test (Anki's getEmptyCol), and one small demo office built once."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_KEY = "0123456789abcdef" * 4

# Isolation before anything imports keyring or Qt: a file keyring in a temp folder, offscreen Qt.
# A new folder every session: a folder named by the pid alone was found again when the pid came
# round, and its day-old demo template (an older schema) was used in place of a new one.
_TMP_ROOT = Path(os.environ.get("CASEDESK_TEST_TMP", "/tmp"))
_TMP_ROOT.mkdir(parents=True, exist_ok=True)
_SESSION_TMP = Path(tempfile.mkdtemp(prefix=f"casedesk-tests-{os.getpid()}-", dir=_TMP_ROOT))
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(_SESSION_TMP / "xdg-data")
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_TMP / "xdg-config")
os.environ["CASEDESK_HOME"] = str(_SESSION_TMP / "home")
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CASEDESK_LANG"] = "en"
os.environ.pop("CASEDESK_DB_KEY", None)
os.environ.pop("CASEDESK_USER", None)
os.environ.pop("CASEDESK_PASSWORD", None)

DEMO_LOANS = 300
DEMO_SEED = 7

# Password hashes in tests: argon2id at its lowest cost (1 pass, 8 KiB), as Django's test settings
# swap in a fast hasher. The office's cost (19 MiB, 2 passes) took 30 ms a hash or check, and the
# accounts the tests add and log in to spent about a sixth of the suite's time there. Every hash
# carries its own parameters, so a subprocess (the real cost) still checks these; the
# `office_hasher` fixture gives a test the office's own cost back.
import app.passwords as _passwords  # noqa: E402 - after the environment above

OFFICE_HASH_COST = (_passwords.HASH_TIME_COST, _passwords.HASH_MEMORY_KIB, _passwords.HASH_LANES)
_passwords.HASH_TIME_COST, _passwords.HASH_MEMORY_KIB, _passwords.HASH_LANES = 1, 8, 1
_passwords.hasher.cache_clear()

# Compiled SQL shared by the tests' engines (tests/shared_sql_cache.py), before any is made.
if os.environ.get("CASEDESK_TEST_OWN_SQL_CACHE") != "1":
    from tests.shared_sql_cache import install as _share_compiled_sql

    _share_compiled_sql()

# PostgreSQL fixtures (pg_server, pg_db, pg_demo_db …): they run when CASEDESK_TEST_PG_URL is set.
from tests.pg.fixtures import (  # noqa: E402,F401
    pg_db,
    pg_demo_db,
    pg_demo_template,
    pg_password_role,
    pg_server,
    pg_template,
)
from tests.pg.relay import relay  # noqa: E402,F401 - a server that can be taken away

# A crashed test worker: its last tests printed, its test run once more (tests/worker_crash.py).
from tests.worker_crash import (  # noqa: E402,F401
    history_folder,
    pytest_handlecrashitem,
    pytest_report_teststatus,
    pytest_runtest_logstart,
    pytest_terminal_summary,
)

history_folder(_SESSION_TMP / "history")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A form dialog a test left open with something typed is rejected (silently) before
    pytest-qt closes it: closing it now asks "Discard what you typed?" (ui/discard.py), a
    question no one would answer.

    After the teardown, the widgets pytest-qt closed and gave to deleteLater are deleted, as the
    window's event loop would delete them at once: processEvents leaves deferred deletions be,
    so each test's windows were deleted in the next test's first wait, and what their deletion
    did (or broke) was charged to that test."""
    app = None
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        from ui.discard import AsksBeforeDiscard
        from ui.wizard import SetupWizard  # asks as the form dialogs do

        app = QApplication.instance()
        if app is not None:
            for widget in QApplication.topLevelWidgets():
                asks = isinstance(widget, AsksBeforeDiscard | SetupWizard)
                if asks and widget.isVisible():
                    widget.reject()
    try:
        return (yield)
    finally:
        if app is not None:
            from PySide6.QtCore import QEvent

            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def session_tmp() -> Path:
    return _SESSION_TMP


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's folder (its migrated and demo templates, a few MB) goes with it: each run,
    and each xdist worker, left one behind for good. CASEDESK_KEEP_TEST_TMP=1 keeps it."""
    if os.environ.get("CASEDESK_KEEP_TEST_TMP") != "1":
        shutil.rmtree(_SESSION_TMP, ignore_errors=True)


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As in the app (ui/collector.py): once a test has a QApplication, Python's cycle collector
    runs on the GUI thread only, never in a worker. Each test's end, on this thread, collects
    what is due, so tests without an event loop still collect."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from ui.collector import collect_on_gui_thread

        collect_on_gui_thread(request.getfixturevalue("qapp"))
    yield
    if "ui.collector" in sys.modules:
        from PySide6.QtWidgets import QApplication

        from ui.collector import GuiThreadCollector

        app = QApplication.instance()
        collector = app.findChild(GuiThreadCollector) if app is not None else None
        if collector is not None:
            collector.collect_due()


def _copy_db(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture(scope="session")
def template_db(session_tmp: Path) -> Path:
    """An empty database migrated to head, closed and checkpointed, ready to copy."""
    from db.store import open_database

    path = session_tmp / "template.db"
    if not path.exists():
        db = open_database(path, TEST_KEY, create=True)
        db.close()
    return path


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Iterator[object]:
    """A fresh, empty, migrated database for one test."""
    from db.store import open_database

    database = open_database(_copy_db(template_db, tmp_path / "casedesk.db"), TEST_KEY)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(session_tmp: Path) -> Path:
    """A small demo office (DEMO_LOANS loans, seed DEMO_SEED), built once per test session."""
    from app.demo import build_demo
    from db.store import open_database

    path = session_tmp / "demo-template.db"
    if not path.exists():
        database = open_database(path, TEST_KEY, create=True)
        build_demo(database, loans=DEMO_LOANS, seed=DEMO_SEED)
        database.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[object]:
    """A copy of the demo office for one test (admin / supervisor / agent01…, password demo)."""
    from db.store import open_database

    database = open_database(_copy_db(demo_template, tmp_path / "demo.db"), TEST_KEY)
    yield database
    database.close()


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo office as a closed file, for CLI subprocesses and the GUI."""
    return _copy_db(demo_template, tmp_path / "demo.db")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where GUI tests save page screenshots (look at them after a run)."""
    path = Path(os.environ.get("CASEDESK_SCREENSHOTS", "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def computer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set this process's time zone (TZ, as the computer's own), restored after the test."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def office_hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Password hashes at the office's own cost (app/passwords.py) for one test, not the tests'
    cheap one."""
    time_cost, memory_kib, lanes = OFFICE_HASH_COST
    monkeypatch.setattr(_passwords, "HASH_TIME_COST", time_cost)
    monkeypatch.setattr(_passwords, "HASH_MEMORY_KIB", memory_kib)
    monkeypatch.setattr(_passwords, "HASH_LANES", lanes)
    _passwords.hasher.cache_clear()
    yield
    monkeypatch.undo()
    _passwords.hasher.cache_clear()


@pytest.fixture
def shipped_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The shipped rule set files read from a copy: `edit(jurisdiction, old, new)` puts a
    mistake in one (an admin's hand edit) without touching resources/rulesets. The parsed files,
    the parsed versions and what was said once are forgotten before and after."""
    from app.compliance import said, shipped_files, versions

    folder = tmp_path / "rulesets"
    folder.mkdir()
    for name in ("cn", "us", "uk"):
        (folder / f"{name}.toml").write_text(shipped_files.shipped_text(name), "utf-8")

    def forget() -> None:
        shipped_files.shipped_ruleset.cache_clear()
        versions._parsed.clear()
        said.forget_said()

    def edit(jurisdiction: str, old: str, new: str) -> None:
        path = folder / f"{jurisdiction}.toml"
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")
        forget()

    monkeypatch.setattr(shipped_files, "shipped_folder", lambda: folder)
    forget()
    yield edit
    forget()
