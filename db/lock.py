"""One Casedesk window per database: an exclusive OS lock on "<database>.lock" held while open.

The lock is the operating system's (flock on POSIX, msvcrt.locking on Windows), so it goes away
by itself when the process ends, even after a crash; the file only carries the holder's process
id for the message. Short CLI commands do not take it: SQLite's own locking keeps them safe.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from app.errors import DatabaseError

# Windows locks are mandatory: lock a byte far past the pid so another process can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class DatabaseLock:
    """`with DatabaseLock(path):` or acquire() … release(); a second holder is refused."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser().absolute()  # as the user named it, in messages
        # Beside the file itself: a link to it is the same database, so the same lock.
        self.lock_path = Path(f"{self.path.resolve()}.lock")
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> DatabaseLock:
        if self._handle is not None:
            return self
        handle = open(self.lock_path, "a+b")  # noqa: SIM115 — kept open while the lock is held
        if not _try_lock(handle):
            handle.seek(0)
            pid = handle.read(32).decode("ascii", "replace").strip() or "?"
            handle.close()
            raise DatabaseError(
                "{path} is already open in another Casedesk window (process {pid}). "
                "Close it first.",
                path=str(self.path),
                pid=pid,
            )
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()).encode("ascii"))
            handle.flush()
        except OSError as error:  # a full disk: said of the lock, beside the database
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()  # its unwritten bytes fail again here
            raise OSError(error.errno, error.strerror, str(self.lock_path)) from None
        self._handle = handle
        return self

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
