"""Renaming and removing files that another program may hold open, as Windows does it.

On Linux and macOS a file open elsewhere can be renamed over and removed. On Windows it cannot:
a PDF open in a viewer, a spreadsheet open in Excel, a database a backup or antivirus program is
reading, refuse with "[WinError 32] The process cannot access the file because it is being used
by another process" (or WinError 5, "Access is denied", for a rename over it). A scan lets go
within a moment, so the move is tried again a few times; a viewer does not, and the error then
reaches the user, worded by app.errors.os_reason as the file being open in another program.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: what Windows says of a
# file another handle holds (5 also of a file being deleted, or of one the user may not write).
IN_USE = frozenset({5, 32, 33})
# About 1.5 s in all: longer than an antivirus scan of a fresh file, short enough to wait for.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.75)
_sleep = time.sleep  # tests put a no-op here


def held_open(error: BaseException) -> bool:
    """Whether `error` is Windows refusing a file another handle holds (perhaps only a moment)."""
    return isinstance(error, PermissionError) and getattr(error, "winerror", None) in IN_USE


def replace(source: Path | str, target: Path | str) -> None:
    """os.replace(source, target), tried again for a moment while Windows says a file is held."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if delay is None or not held_open(error):
                raise
            _sleep(delay)


def unlink(path: Path | str, *, missing_ok: bool = True) -> None:
    """Remove `path`, tried again for a moment while Windows says it is held."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.unlink(path)
            return
        except FileNotFoundError:
            if not missing_ok:
                raise
            return
        except PermissionError as error:
            if delay is None or not held_open(error):
                raise
            _sleep(delay)


def named(error: OSError, path: Path | str) -> OSError:
    """`error` as the same error of `path` (the file the user named, not a partial one beside
    it), Windows' own error number kept so that the reason is still worded from it."""
    renamed = OSError(error.errno, error.strerror, str(path))
    winerror = getattr(error, "winerror", None)
    if winerror is not None:
        renamed.winerror = winerror  # type: ignore[attr-defined,misc,unused-ignore]
    return renamed
