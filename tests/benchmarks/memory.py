"""Peak memory of the GUI on the reference office: the real app started offscreen, its work queue
painted, scrolled to the last case, the top case's page opened, then quit (CASEDESK_BENCH_TOUR=1,
ui/probe.py). The figure is the process's own peak RSS (VmHWM), which the app prints itself."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.startup import app_argv, bare_argv, bench_env, row, start


def peak_memory(path: Path, key: str, repeat: int, home: Path) -> tuple[list[str], list[str]]:
    """The peak-memory table line, and a note with the bare PySide6 window's peak for scale."""
    # Warm-up: the first start of a day also makes the daily backup (VACUUM INTO and a check of
    # the copy), whose memory is not the window's; the measured runs find today's backup there.
    start(app_argv(path), bench_env(key, home, CASEDESK_EXIT_AFTER_FIRST_PAINT="1"))
    env = bench_env(key, home, CASEDESK_BENCH_TOUR="1")
    runs = [start(app_argv(path), env) for _ in range(max(1, min(repeat, 3)))]
    for run in runs:
        if "peak-rss-mb" not in run.marks:
            raise RuntimeError("the app quit before its tour of the queue and case page")
    bare = start(bare_argv(), env)
    peaks = [r.marks["peak-rss-mb"] for r in runs]
    line = row("peak memory of the GUI (RSS)", peaks, "MB", "≤ 350 MB")
    note = (
        f"peak memory: queue painted, scrolled to its last row, the top case's page opened "
        f"({len(runs)} runs); a bare PySide6 window with a table view peaks at "
        f"{bare.marks['peak-rss-mb']:.0f} MB"
    )
    return [line], [note]
