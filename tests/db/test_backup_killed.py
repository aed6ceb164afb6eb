"""A backup killed on the way (SIGKILL: the window closed by force, the power cut) leaves no file
that passes for a backup: it is not listed, it does not stand as the day's scheduled backup, it
pushes no good backup out of the rotation, and the next backup clears it away."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.backups import back_up, backup_if_due, backups
from db.backup_files import list_backups
from tests.conftest import TEST_KEY
from tests.db.test_backup import _user

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The child makes a scheduled backup; once the copy is written, before it is checked and
# described, it says COPIED on stdout and waits to be killed.
BACKUP_CHILD = textwrap.dedent(
    """
    import sys, time
    import db.backup
    from app.backups import back_up
    from db.store import open_database

    def copied(path, key):
        print("COPIED", path, flush=True)
        time.sleep(600)

    db.backup._standalone = copied
    database = open_database(sys.argv[1], sys.argv[2])
    back_up(database, None, kind="scheduled")
    """
)


def _kill_while_backing_up(db_path: Path, home: Path) -> Path:
    """Run the scheduled backup in a child and SIGKILL it once the copy is on disk; the copy."""
    env = {**os.environ, "CASEDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", BACKUP_CHILD, str(db_path), TEST_KEY],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line.startswith("COPIED "):
            raise AssertionError(child.stderr.read() if child.stderr else "child said nothing")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        return Path(line.removeprefix("COPIED "))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def test_a_killed_backup_is_no_backup_and_the_next_one_is_made(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.store import open_database

    home = tmp_path / "home"
    monkeypatch.setenv("CASEDESK_HOME", str(home))
    folder = home / "backups"
    copy = _kill_while_backing_up(demo_path, home)
    assert copy.is_file() and copy.stat().st_size > 0  # the half-made copy is there, on disk
    assert copy.parent == folder
    database = open_database(demo_path, TEST_KEY)
    try:
        admin = _user(database, "admin")
        assert backups(database, admin) == []  # not listed: nobody restores from it
        made = backup_if_due(database)  # not taken for today's backup
        assert made is not None and made.manifest.kind == "scheduled"
        assert [b.path for b in list_backups(folder, demo_path)] == [made.path]
        assert not copy.exists()  # the killed process's copy is cleared by the next backup
        assert not list(folder.glob(".*"))
        # A copy killed on a later day does not push that good backup out of the rotation.
        _kill_while_backing_up(demo_path, home)
        tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        assert backup_if_due(database, now=tomorrow) is not None
        assert made.path in [b.path for b in list_backups(folder, demo_path)]
    finally:
        database.close()


def test_a_running_backups_copy_is_let_be(demo_db, tmp_path, monkeypatch) -> None:
    """A copy whose process still runs (a backup from the CLI while the window makes its own) is
    not cleared by the other's rotation."""
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    admin = _user(demo_db, "admin")
    first = back_up(demo_db, admin)
    running = first.path.with_name(f".{first.path.name[:-4]}-2.bak.{os.getppid()}.partial")
    running.write_bytes(b"being copied")
    back_up(demo_db, admin)
    assert running.exists()
