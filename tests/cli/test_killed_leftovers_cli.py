"""QA round 12, finding 2: a `db restore`, `db new-recovery-key` or `db upgrade` killed on the way
(kill -9, a power cut) left its hidden, full-size copy of the office beside the database for
ever. The next open of the office removes those of a process no longer running, with their
-wal and -shm; a running process's copy, other offices' and the kept backups stay."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.store import open_database
from tests.conftest import TEST_KEY

UPGRADE_BACKUP = "before-0022_borrower_erased_at-20261207-102835.bak"


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that ran and ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process running through the test."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield child.pid
    child.kill()
    child.wait()


def _leftovers(db: Path, pid: int) -> list[Path]:
    """What a restore, a new recovery key and an upgrade killed in process `pid` leave (and a new
    office's build): each copy with its -wal and -shm."""
    names = [
        f".{db.name}.restore-{pid}.partial",
        f".{db.name}.rekey-{pid}.partial",
        f".{db.name}.{UPGRADE_BACKUP}.{pid}.partial",
        f".{db.name}.{pid}.partial",
    ]
    return [db.with_name(n + side) for n in names for side in ("", "-wal", "-shm")]


def _lay(paths: list[Path]) -> None:
    for path in paths:
        path.write_bytes(b"x" * 100)


def test_opening_removes_a_killed_process_s_copies(
    office: Path, dead_pid: int, live_pid: int
) -> None:
    stale, live = _leftovers(office, dead_pid), _leftovers(office, live_pid)
    others = [
        office.with_name(f".other.db.restore-{dead_pid}.partial"),  # another office's
        office.with_name(f"{office.name}.{UPGRADE_BACKUP}"),  # the upgrade's finished backup
        office.with_name(f"{office.name}.{UPGRADE_BACKUP}.json"),
        office.with_name(f".{office.name}.restore-{dead_pid}.partial.txt"),
    ]
    _lay(stale + live + others)
    database = open_database(office, TEST_KEY)
    database.close()
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in live + others)


def test_the_cli_removes_them_too(office: Path, dead_pid: int, cli) -> None:  # type: ignore[no-untyped-def]
    stale = _leftovers(office, dead_pid)
    _lay(stale)
    code, _out, err = cli("db", "status", "--db", office)
    assert code == 0, err
    assert [p for p in stale if p.exists()] == []


def test_a_backup_by_name_removes_a_killed_one_s_copy(
    office: Path,
    dead_pid: int,
    live_pid: int,
    cli,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """A backup written by name outside the backup folder (no rotation there) clears the hidden
    copies killed backups left in that folder; a running one's stays."""
    from tests.cli.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    usb = tmp_path / "usb"
    usb.mkdir()
    stale = [usb / f".monday.bak.{dead_pid}.partial{side}" for side in ("", "-journal")]
    live = usb / f".tuesday.bak.{live_pid}.partial"
    _lay([*stale, live])
    code, _out, err = cli("db", "backup", usb / "wednesday.bak", "--db", office)
    assert code == 0, err
    assert [p for p in stale if p.exists()] == []
    assert live.exists() and (usb / "wednesday.bak").exists()
