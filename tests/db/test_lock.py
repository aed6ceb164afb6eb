"""One Casedesk window per database: a second process is refused with a clear message."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from app.errors import DatabaseError
from db.lock import DatabaseLock

TIMEOUT = 60


def _try(path: str, queue: Any) -> None:
    from app.errors import DatabaseError
    from db.lock import DatabaseLock

    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except DatabaseError as error:
        queue.put(("refused", str(error)))
        return
    queue.put(("acquired", Path(f"{path}.lock").read_text()))
    lock.release()


def _in_another_process(path: Path) -> tuple[str, str]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_try, args=(str(path), queue))
    process.start()
    try:
        return queue.get(timeout=TIMEOUT)
    finally:
        process.join(TIMEOUT)


def test_a_second_process_is_refused_until_the_first_releases(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    lock = DatabaseLock(path).acquire()
    try:
        assert lock.held
        what, message = _in_another_process(path)
        assert what == "refused"
        assert message == (
            f"{path} is already open in another Casedesk window (process {os.getpid()}). "
            "Close it first."
        )
    finally:
        lock.release()
    assert not lock.held
    what, pid = _in_another_process(path)
    assert what == "acquired" and pid.isdigit() and int(pid) != os.getpid()


def test_context_manager_and_a_second_handle_in_the_same_process(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    with DatabaseLock(path):
        with pytest.raises(DatabaseError, match="already open in another Casedesk window"):
            DatabaseLock(path).acquire()
    with DatabaseLock(path) as again:
        assert again.held
