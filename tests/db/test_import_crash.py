"""An import killed (SIGKILL) in the middle of writing leaves an intact database without any of
the import: it runs in one transaction, and SQLite's WAL discards an uncommitted one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.importer import import_file
from app.models import AuditEntry, Borrower, Instalment, Loan, User
from app.office import create_office
from db.backup import inspect_file
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core import importer_files as f

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
LOANS = 2_000  # 24,000 instalments: more than one write batch, so the kill lands between two

# The child imports the loans through the real use case; when the second batch of instalments
# is about to be written (the first is in SQLite, uncommitted) it says WRITING and waits.
CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from sqlalchemy import select
    from app.importer import import_file
    from app.models import User
    from db.store import open_database

    path, key, loans = sys.argv[1], sys.argv[2], Path(sys.argv[3])

    def progress(stage, done, total):
        if stage == "write" and done > 0:
            print("WRITING", flush=True)
            time.sleep(600)

    database = open_database(path, key)
    with database.session(write_lock=True) as session:
        session.connection().exec_driver_sql("PRAGMA cache_size = 50")  # spill to the WAL early
        admin = session.scalar(select(User).where(User.username == "admin"))
        import_file(session, admin, "loans", loans, progress=progress, today=dt.date(2026, 11, 28))
    print("COMMITTED", flush=True)
    """
)


def _counts(path: Path) -> tuple[int, int, int, int]:
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            return tuple(  # type: ignore[return-value]
                s.scalar(select(func.count()).select_from(m))
                for m in (Borrower, Loan, Instalment, AuditEntry)
            )
    finally:
        database.close()


def test_import_killed_mid_write_leaves_nothing(template_db: Path, tmp_path: Path) -> None:
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    database = open_database(path, TEST_KEY)
    with database.session() as s:
        create_office(s, name="Crash", admin_username="admin", admin_password="pw-admin")
    borrowers = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(LOANS))
    with database.session(write_lock=True) as s:
        admin = s.scalar(select(User))
        assert import_file(s, admin, "borrowers", borrowers, today=dt.date(2026, 11, 28)).imported
    database.close()
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(LOANS))
    before = _counts(path)
    assert before[:3] == (LOANS, 0, 0)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), TEST_KEY, str(loans)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "WRITING", child.stderr.read() if child.stderr else line
        wal = Path(f"{path}-wal")
        assert wal.exists() and wal.stat().st_size > 500_000  # the first batch reached the WAL
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()

    assert inspect_file(path, TEST_KEY).integrity == "ok"
    assert _counts(path) == before  # no loan, no instalment, no audit entry of the import
    # And the same file imports cleanly afterwards.
    database = open_database(path, TEST_KEY)
    with database.session(write_lock=True) as s:
        report = import_file(s, s.scalar(select(User)), "loans", loans, today=dt.date(2026, 11, 28))
    database.close()
    assert report.imported and report.new == LOANS and report.details["instalments"] == LOANS * 12
