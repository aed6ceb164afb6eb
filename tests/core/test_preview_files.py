"""A crashed session's previewed PDFs (plain files: names, amounts, addresses) are removed at the
next start, and nothing else is: another user's folders, another running Casedesk's, the test
suite's casedesk-tests-… folders, a folder holding anything but PDFs, a symbolic link."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.preview_files import PREFIX, new_folder, remove_stale, running

DAY = 24 * 3600


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not running(child.pid)
    return child.pid


def _folder(where: Path, name: str, age: float, files: tuple[str, ...] = ("a.pdf",)) -> Path:
    folder = where / name
    folder.mkdir()
    for file in files:
        (folder / file).write_bytes(b"%PDF-1.4 Zhang Wei, 12,000.00\n")
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


def test_only_a_crashed_sessions_previews_are_removed(tmp_path: Path) -> None:
    started = time.time()
    gone = _gone_pid()
    crashed = _folder(tmp_path, f"{PREFIX}{gone}-abc123xy", 60, ("agreement.pdf", "x.pdf.part"))
    earlier = [
        _folder(tmp_path, "casedesk-reports-k3j2h1g0", 2 * DAY),
        _folder(tmp_path, "casedesk-agreement-zz9y8x7w", 2 * DAY, ()),
        _folder(tmp_path, "casedesk-a1b2c3d4", 2 * DAY, ("visit-sheet-agent01-20261204.pdf",)),
    ]
    kept = [
        _folder(tmp_path, f"{PREFIX}{os.getpid()}-mine0000", 60),  # this session's
        _folder(tmp_path, f"{PREFIX}{os.getppid()}-other000", 60),  # another running Casedesk
        _folder(tmp_path, f"{PREFIX}{gone}-fresh000", -5),  # touched after the start
        _folder(tmp_path, "casedesk-reports-recent00", 60),  # an earlier version's, lately used
        _folder(tmp_path, f"casedesk-tests-{gone}-q1w2e3r4", 2 * DAY),  # the test suite's
        _folder(tmp_path, "casedesk-b1b2c3d4", 2 * DAY, ("casedesk.db",)),  # not a preview
        _folder(tmp_path, f"{PREFIX}{gone}-withdir0", 60, ()),
        _folder(tmp_path, "casedesk-backup-20261201", 2 * DAY),
        _folder(tmp_path, "other-app-a1b2c3d4", 2 * DAY),
    ]
    (kept[6] / "inner").mkdir()  # a folder inside: not one of ours
    then = time.time() - 60
    os.utime(kept[6], (then, then))
    target = _folder(tmp_path, "target", 2 * DAY)
    link = tmp_path / f"{PREFIX}{gone}-link0000"
    link.symlink_to(target)

    removed = remove_stale(started, tmp_path)

    assert sorted(removed) == sorted([crashed, *earlier])
    assert not any(p.exists() for p in [crashed, *earlier])
    assert all(p.is_dir() for p in kept)
    assert link.is_symlink() and (target / "a.pdf").exists()


def test_a_new_folder_is_this_sessions_and_private(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = new_folder()
    assert folder.parent == tmp_path and folder.name.startswith(f"{PREFIX}{os.getpid()}-")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert remove_stale(time.time() + 60, tmp_path) == []  # the running session's own
