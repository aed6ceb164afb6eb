"""A new office's build killed on the way (kill -9 of `casedesk demo` or `init`, the power cut)
left its half-made database beside the office's file, hidden, for good (a demo's can be hundreds
of megabytes). The next build at that place removes such leftovers of processes that have ended,
and only those."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.setup import create_office_database

pytestmark = pytest.mark.sqlite_only  # makes office files


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_builds_leftovers_are_cleared_by_the_next_build(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    dead = path.with_name(f".{path.name}.{_ended_pid()}.partial")
    leftovers = [dead, Path(f"{dead}-wal"), Path(f"{dead}-shm")]
    for leftover in leftovers:
        leftover.write_bytes(b"half a database")
    running = path.with_name(f".{path.name}.{os.getppid()}.partial")  # a build still going
    running.write_bytes(b"being built")
    other = path.with_name(".other.db.1.partial")  # another office's: not this build's to judge
    other.write_bytes(b"x")
    create_office_database(
        path, "3" * 64, office="Office", admin="admin", password="Pw-admin-2026", currency="CNY",
        timezone="Asia/Shanghai", jurisdiction="cn",
    )  # fmt: skip
    assert path.is_file()
    assert not [p for p in leftovers if p.exists()]
    assert running.exists() and other.exists()
