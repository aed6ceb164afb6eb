"""Where previewed PDFs wait: plain files outside the encrypted office (borrowers' names, masked
IDs, amounts, addresses), so each lives in a folder of this process's own, named
casedesk-preview-PID-…, removed when its page or Casedesk closes. A session that crashed left
its folder behind; the next start removes such folders (`remove_stale`), and only those: this
user's, older than the running app, holding nothing but PDFs, of a process no longer running."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

PREFIX = "casedesk-preview-"
# This session's folders: casedesk-preview-PID-xxxxxxxx. The names earlier versions used (one
# folder per page or per sheet) carry no process id; they are removed when old enough.
OURS = re.compile(rf"^{PREFIX}(\d+)-[a-z0-9_]+$")
EARLIER = re.compile(r"^casedesk-(?:reports-|agreement-)[a-z0-9_]+$|^casedesk-[a-z0-9_]{8}$")
PREVIEW_FILE = re.compile(r"\.pdf(?:\.part)?$", re.IGNORECASE)
# Without a process id to ask, an earlier version's folder must be this much older than the
# running app: another Casedesk of that version may still be open on another office.
EARLIER_AGE = 12 * 3600


def new_folder() -> Path:
    """A new, private folder (mode 0700) for this process's previews."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def running(pid: int) -> bool:
    """Whether a process `pid` runs now (True when it cannot be told: a folder kept is safe)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it runs, as another user
        try:
            code = ctypes.c_ulong()
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0: asks only whether it exists
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def _only_previews(folder: Path) -> bool:
    try:
        return all(p.is_file() and PREVIEW_FILE.search(p.name) for p in folder.iterdir())
    except OSError:
        return False


def stale_folders(started: float, where: Path | None = None) -> list[Path]:
    """Preview folders in the temporary folder `where` left by sessions that ended before
    `started` (the running app's start, a time.time())."""
    where = Path(where or tempfile.gettempdir())
    found = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        ours = OURS.match(entry.name)
        if not ours and not EARLIER.match(entry.name):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue  # another user's: not ours to remove
        if info.st_mtime >= (started if ours else started - EARLIER_AGE):
            continue  # touched since this app started (or, an earlier version's, lately)
        if ours and running(int(ours.group(1))):
            continue  # a running session's: this one's, or another Casedesk's
        if _only_previews(Path(entry.path)):
            found.append(Path(entry.path))
    return found


def remove_stale(started: float, where: Path | None = None) -> list[Path]:
    """Remove the folders `stale_folders` finds; those removed (never an error: a start-up
    chore)."""
    removed = []
    for folder in stale_folders(started, where):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
