"""A process killed (SIGKILL) in the middle of a write leaves an intact database holding all or
none of the interrupted work: SQLite's WAL with synchronous=FULL, one transaction per use case."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from db.backup import inspect_file
from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# The child opens the database, starts the work in one transaction, says INSIDE on stdout once
# the work is written (flushed to SQLite, not committed), and waits to be killed. With `commit`
# it commits first and says COMMITTED instead.
PAYMENT_CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from sqlalchemy import select
    from app.cases.payments import record_payment
    from app.models import Loan, LoanStatus, User
    from db.store import open_database

    path, key, loan_no, commit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
    database = open_database(path, key)
    session = database.sessions(bind=database.engine.execution_options(write_lock=True))
    session.begin()
    actor = session.scalar(select(User).where(User.username == "admin"))
    record_payment(session, actor, loan_no, 12_345, dt.date(2026, 11, 1), reference="CRASH-1")
    session.flush()
    if commit:
        session.commit()
        print("COMMITTED", flush=True)
    else:
        print("INSIDE", flush=True)
    time.sleep(600)
    """
)

# A long multi-row write in one transaction, standing in for an import: enough rows that SQLite
# spills dirty pages into the WAL before the kill.
BULK_CHILD = textwrap.dedent(
    """
    import sys, time
    from app.models import Setting
    from db.store import open_database

    path, key, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    database = open_database(path, key)
    with database.session() as session:
        session.connection().exec_driver_sql("PRAGMA cache_size = 50")  # spill to the WAL early
        session.add_all(Setting(key=f"crash.{n}", value="x" * 200) for n in range(rows))
        session.flush()
        print("INSIDE", flush=True)
        time.sleep(600)
    """
)


def _run_and_kill(script: str, *args: str) -> str:
    """Start the child, wait for its signal line, SIGKILL it; return the line."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if not line:
            raise AssertionError(child.stderr.read() if child.stderr else "child said nothing")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        return line
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def _scalar(path: Path, sql: str) -> int:
    from db.store import open_database

    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())
    finally:
        database.close()


def _a_loan_with_a_case(path: Path) -> str:
    from db.store import open_database

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


@pytest.mark.parametrize("commit", [False, True], ids=["killed-inside", "killed-after-commit"])
def test_a_payment_killed_mid_transaction_is_all_or_nothing(demo_path: Path, commit: bool) -> None:
    loan_no = _a_loan_with_a_case(demo_path)
    payments = _scalar(demo_path, "SELECT count(*) FROM payment")
    audit = _scalar(demo_path, "SELECT count(*) FROM audit_entry")
    line = _run_and_kill(PAYMENT_CHILD, str(demo_path), TEST_KEY, loan_no, "1" if commit else "0")
    assert line == ("COMMITTED" if commit else "INSIDE")
    assert Path(f"{demo_path}-wal").exists()  # the killed process left its WAL behind

    assert inspect_file(demo_path, TEST_KEY).integrity == "ok"
    found = _scalar(demo_path, "SELECT count(*) FROM payment WHERE reference = 'CRASH-1'")
    allocations = _scalar(
        demo_path,
        "SELECT count(*) FROM payment_allocation WHERE payment_id IN "
        "(SELECT id FROM payment WHERE reference = 'CRASH-1')",
    )
    if commit:  # all of it: the payment, its allocations, its audit entry
        assert found == 1 and allocations >= 1
        assert _scalar(demo_path, "SELECT count(*) FROM payment") == payments + 1
        assert _scalar(demo_path, "SELECT count(*) FROM audit_entry") > audit
    else:  # none of it
        assert found == 0 and allocations == 0
        assert _scalar(demo_path, "SELECT count(*) FROM payment") == payments
        assert _scalar(demo_path, "SELECT count(*) FROM audit_entry") == audit


def test_a_long_multi_row_write_killed_midway_leaves_nothing(demo_path: Path) -> None:
    before = _scalar(demo_path, "SELECT count(*) FROM setting")
    assert _run_and_kill(BULK_CHILD, str(demo_path), TEST_KEY, "20000") == "INSIDE"
    wal = Path(f"{demo_path}-wal")
    assert wal.exists() and wal.stat().st_size > 1_000_000  # pages really were written

    assert inspect_file(demo_path, TEST_KEY).integrity == "ok"
    assert _scalar(demo_path, "SELECT count(*) FROM setting") == before
    assert _scalar(demo_path, "SELECT count(*) FROM setting WHERE key LIKE 'crash.%'") == 0
