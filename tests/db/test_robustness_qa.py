"""The office file misbehaving as it does on real workstations: damaged, busy with another
writer, on a full disk, a folder in its place, replaced by a restore under an open connection.
Each is said in one line the user can act on (never "wrong key", never a traceback), and
nothing is half-saved."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid
from sqlalchemy import text

from app.errors import DatabaseError
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.helpers import file_hash, raw_connect

ROOT = Path(__file__).resolve().parents[2]
SHORT_BUSY_MS = 300  # the office's 10 s wait for a busy file, shortened for the test


def _scalar(path: Path, sql: str) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())
    finally:
        database.close()


def _a_loan(path: Path) -> str:
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return str(
                conn.exec_driver_sql(
                    'SELECT loan.loan_no FROM loan JOIN "case" ON "case".loan_id = loan.id '
                    "WHERE loan.status = 'ACTIVE' AND \"case\".status != 'CLOSED' LIMIT 1"
                ).scalar_one()
            )
    finally:
        database.close()


@pytest.fixture
def as_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    from app.cli.main import main

    def run(*args: object) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def writer_holding(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Another connection (another program) holding the office's write lock."""
    monkeypatch.setattr("db.sqlcipher.BUSY_TIMEOUT_MS", SHORT_BUSY_MS)
    other = raw_connect(demo_path, TEST_KEY)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE office SET name = name")
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_damaged_file_with_the_right_key_is_called_damaged_not_a_wrong_key(
    demo_path: Path, cli, as_admin
) -> None:
    with open(demo_path, "r+b") as handle:  # the last pages lost (a copy cut short, a bad disk)
        handle.truncate(demo_path.stat().st_size // 2 + 100)
    before = file_hash(demo_path)
    with pytest.raises(DatabaseError) as refused:
        open_database(demo_path, TEST_KEY)
    assert "is damaged" in str(refused.value) and "wrong key" not in str(refused.value)
    assert "casedesk db restore" in str(refused.value)
    code, _out, err = cli("db", "status", "--db", demo_path)
    assert code == 1 and err.startswith("casedesk: ") and "is damaged" in err
    assert "Traceback" not in err and "wrong key" not in err
    assert file_hash(demo_path) == before  # left as it was, for a restore or a rescue


def test_a_wrong_key_is_still_called_a_wrong_key(demo_path: Path) -> None:
    with pytest.raises(DatabaseError, match="wrong key or not a Casedesk database"):
        open_database(demo_path, "ab" * 32)


def test_a_payment_while_another_program_writes_says_busy_and_saves_nothing(
    demo_path: Path, cli, as_admin, writer_holding
) -> None:
    loan = _a_loan(demo_path)
    code, out, err = cli("payment", "post", loan, "10", "--ref", "BUSY-1", "--db", demo_path)
    assert code == 1 and out == ""
    assert err.startswith(f"casedesk: {demo_path} is busy") and "Nothing was saved" in err
    assert "Traceback" not in err and "OperationalError" not in err
    writer_holding.execute("ROLLBACK")  # the other program finishes
    writer_holding.execute("BEGIN")
    assert _scalar(demo_path, "SELECT count(*) FROM payment WHERE reference = 'BUSY-1'") == 0


def test_a_busy_file_is_said_in_chinese(demo_path: Path, cli, as_admin, writer_holding) -> None:
    code, _out, err = cli("--lang", "zh_CN", "queue", "--db", demo_path)
    assert code == 1 and "正忙" in err and "Traceback" not in err


def test_a_full_disk_says_so_and_saves_nothing(demo_path: Path) -> None:
    """A real write past the file-size limit (RLIMIT_FSIZE, as `ulimit -f`): the WAL cannot
    grow. The payment is refused in one line; the file is intact without it."""
    resource = pytest.importorskip("resource")
    loan = _a_loan(demo_path)
    payments = _scalar(demo_path, "SELECT count(*) FROM payment")
    env = dict(os.environ, CASEDESK_DB_KEY=TEST_KEY, CASEDESK_USER="admin")
    env.update(CASEDESK_PASSWORD="demo", CASEDESK_LANG="en")

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))

    ran = subprocess.run(
        [sys.executable, "-m", "app", "payment", "post", loan, "10", "--db", str(demo_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=small_disk,  # noqa: PLW1509 - only sets a limit, no threads yet
        timeout=120,
    )
    assert ran.returncode == 1, ran.stderr
    assert ran.stderr.startswith(f"casedesk: Cannot write to {demo_path}"), ran.stderr
    assert "Nothing was saved" in ran.stderr and "Traceback" not in ran.stderr
    # As after a restart: the shared-memory index is gone, the write-ahead log stays (SQLite
    # replays it; the login committed before the payment may be in it, and the closing
    # checkpoint may have copied part of it into the file before the limit stopped it).
    Path(f"{demo_path}-shm").unlink(missing_ok=True)
    assert _scalar(demo_path, "SELECT count(*) FROM payment") == payments
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    finally:
        database.close()


def test_a_write_after_a_restore_swapped_the_file_is_refused_not_lost(
    demo_path: Path, tmp_path: Path, cli, as_admin
) -> None:
    """A long command (an import reading its file) still holds the old file when another
    `casedesk db restore` swaps the backup in. Its commit used to "succeed" into the unlinked
    old file, and the work vanished; now it is refused, and the restored office is untouched."""
    backup = tmp_path / "kept" / "office.bak"
    backup.parent.mkdir()
    assert cli("db", "backup", backup, "--db", demo_path)[0] == 0
    long_command = open_database(demo_path, TEST_KEY)
    try:
        with long_command.session() as session:  # it has read the office already
            session.execute(text("SELECT count(*) FROM loan")).scalar_one()
        code, _out, err = cli("db", "restore", backup, "--yes", "--db", demo_path)
        assert code == 0, err
        with pytest.raises(DatabaseError, match="was replaced"), long_command.session() as s:
            s.execute(text("UPDATE office SET name = 'written after the restore'"))
        with long_command.session() as session:  # reading on is harmless
            session.execute(text("SELECT count(*) FROM loan")).scalar_one()
    finally:
        long_command.close()
    assert _scalar(demo_path, "SELECT count(*) FROM office WHERE name LIKE 'written%'") == 0


def test_writes_on_an_office_left_in_place_still_commit(demo_path: Path) -> None:
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as session:
            session.execute(text("UPDATE office SET name = 'kept'"))
    finally:
        database.close()
    assert _scalar(demo_path, "SELECT count(*) FROM office WHERE name = 'kept'") == 1


# --- the window's start -----------------------------------------------------------------------


def _log_in_then_read(errors: list[str]):  # type: ignore[no-untyped-def]
    def drive(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.username.setText("supervisor")
        dialog.password.setText("demo")
        dialog.try_login()  # pressed at once: it waits for the office

        def look(tries: list[int] = [0]) -> None:  # noqa: B006 - one counter per drive
            tries[0] += 1
            if not isValid(dialog) or (tries[0] > 1 and not dialog.isVisible()):
                return  # the start closed the box itself
            if dialog.error.isVisible():
                errors.append(dialog.error.text())
                dialog.reject()
            elif tries[0] > 2000:  # 20 s: the box was left waiting
                errors.append("stuck")
                dialog.reject()
            else:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    return drive


def test_logging_in_on_a_busy_office_says_busy_in_the_box(
    qtbot, demo_path: Path, monkeypatch: pytest.MonkeyPatch, writer_holding
) -> None:
    """Before, the login's write hit SQLite's "database is locked" inside a Qt slot: a traceback
    on stderr and a login box that said nothing."""
    from ui.app import open_office
    from ui.startup import login_while_loading

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    errors: list[str] = []
    started = login_while_loading(
        demo_path, lambda dialog: open_office(demo_path, dialog), _log_in_then_read(errors)
    )
    assert started == 0  # the user cancelled after reading the message
    assert len(errors) == 1 and errors[0].startswith(f"{demo_path} is busy"), errors


def test_a_damaged_office_at_start_is_called_damaged(
    qtbot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.app import open_office
    from ui.dialogs.damaged_office import DamagedOfficeDialog
    from ui.startup import login_while_loading

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    with open(demo_path, "r+b") as handle:
        handle.truncate(demo_path.stat().st_size // 2 + 100)
    said: list[str] = []

    # The box offers a restore from a backup (tests/ui/test_damaged_office.py): Quit here.
    def read_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, DamagedOfficeDialog):
            said.append(box.message.text())
            box.quit_button.click()
        else:
            QTimer.singleShot(10, read_the_box)

    QTimer.singleShot(0, read_the_box)
    started = login_while_loading(
        demo_path, lambda dialog: open_office(demo_path, dialog), _log_in_then_read([])
    )
    assert started == 1
    assert len(said) == 1 and "is damaged" in said[0] and "wrong key" not in said[0]


def test_an_unexpected_failure_opening_the_office_is_said_not_left_waiting(
    qtbot, demo_path: Path
) -> None:
    """Whatever opening the office raises, the box says it and closes: never "Opening the
    office…" for ever with a traceback on stderr."""
    from ui.startup import login_while_loading

    said: list[str] = []

    def read_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            said.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, read_the_box)

    def fails(_dialog: object) -> None:
        raise OSError(5, "Input/output error")

    QTimer.singleShot(0, read_the_box)
    started = login_while_loading(demo_path, fails, _log_in_then_read([]))
    assert started == 1
    assert said == ["The office cannot be opened: Input/output error"]
