"""Cold start: the real app started offscreen in a subprocess until its work queue first paints,
against a bare PySide6 window with a table view started the same way.

The app runs with CASEDESK_EXIT_AFTER_FIRST_PAINT=1 (ui/probe.py): it logs in from
CASEDESK_USER / CASEDESK_PASSWORD (the real password, checked as the login dialog does), shows
the work queue and quits right after the queue table's first paint, printing the seconds since
the parent launched it. Both sides include the interpreter start and every import.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The baseline: the least a PySide6 program showing a table can do, with the same exit rule.
BARE_WINDOW = r"""
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication([])
window = QMainWindow()
model = QStandardItemModel(50, 12)
for r in range(50):
    for c in range(12):
        model.setItem(r, c, QStandardItem(f"C2026-{r:06d}"))
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
window.resize(1366, 768)


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, painted)
        return False


def painted():
    print(f"first-paint-s={time.time() - float(os.environ['CASEDESK_BENCH_T0']):.4f}", flush=True)
    with open("/proc/self/status") as status:  # peak RSS, as ui/probe.py reports the app's
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    print(f"peak-rss-mb={int(hwm.split()[1]) / 1024:.1f}", flush=True)
    window.close()


watcher = FirstPaint()
table.viewport().installEventFilter(watcher)
window.show()
app.exec()
"""


@dataclass
class Run:
    """One subprocess start: seconds to first paint and to exit, and the `name=value` lines it
    printed (ui/probe.py: first-paint-s, window-built-s …, peak-rss-mb)."""

    first_paint: float
    wall: float
    marks: dict[str, float] = field(default_factory=dict)


def bench_env(key: str, home: Path, **extra: str) -> dict[str, str]:
    """The environment of a benchmark start: offscreen, its own data/config folder, the key."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CASEDESK_DB_KEY=key,
        CASEDESK_HOME=str(home),  # the daily backup lands here (made once, by the warm-up run)
        XDG_CONFIG_HOME=str(home / "config"),  # window geometry and table widths (QSettings)
        CASEDESK_USER="supervisor",
        CASEDESK_PASSWORD="demo",
        CASEDESK_LANG="en",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def start(argv: list[str], env: dict[str, str], timeout: float = 600) -> Run:
    """Run one start to its exit and read the figures it printed."""
    with tempfile.TemporaryFile() as errors:
        launched = time.time()
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=dict(env, CASEDESK_BENCH_T0=repr(launched)),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert proc.stdout is not None
        out = proc.stdout.read()  # the child prints a few lines; read them all, then reap it
        proc.wait()
        wall = time.time() - launched
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(
                f"{' '.join(argv)} exited {proc.returncode}: {errors.read().decode()[-2000:]}"
            )
    marks = {}
    for line in out.splitlines():
        name, sep, value = line.partition("=")
        try:
            marks[name] = float(value)
        except ValueError:
            continue
    return Run(marks.get("first-paint-s", wall), wall, marks)


def app_argv(path: Path) -> list[str]:
    return [sys.executable, "-m", "app", "--db", str(path)]


def bare_argv() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


def row(name: str, values: list[float], unit: str, target: str, base: float | None = None) -> str:
    """One line in the layout of the benchmark table (tests/benchmarks/__main__.py)."""
    med = statistics.median(values)
    spread = f"{min(values):.0f}–{max(values):.0f} {unit}"
    base_txt = f"{base:.0f} {unit}" if base is not None else ""
    ratio = f"{med / base:.2f}×" if base else ""
    return f"{name:34} {med:>6.0f} {unit} {spread:>17} {base_txt:>9} {ratio:>6}  {target}"


def cold_start(path: Path, key: str, repeat: int, home: Path) -> tuple[list[str], list[str]]:
    """The cold-start table lines and notes on their phases; app and bare window alternated,
    after one warm-up of each.

    Kinds of app start: Log in pressed the moment the login box paints (no time to type, the
    issue's figure: the first screen paints the queue, ui/quick_start.py), the same until the main
    window has replaced the first screen (CASEDESK_BENCH_UNTIL=window), and Log in pressed once
    the office is open, as by a user who typed their name and password while the modules loaded
    (CASEDESK_BENCH_LOGIN=after-open, ui/probe.py).
    """
    env = bench_env(key, home, CASEDESK_EXIT_AFTER_FIRST_PAINT="1")
    typed = dict(env, CASEDESK_BENCH_LOGIN="after-open")
    whole = dict(env, CASEDESK_BENCH_UNTIL="window")
    start(app_argv(path), env)  # warm-up: the OS file cache, and today's backup if none yet
    start(app_argv(path), whole)  # and a login through the core, which rehashes an older hash
    start(bare_argv(), env)
    runs: list[Run] = []
    bare: list[Run] = []
    waited: list[Run] = []
    replaced: list[Run] = []
    for _ in range(repeat):  # alternated, so a busy moment on the host hits both sides
        runs.append(start(app_argv(path), env))
        bare.append(start(bare_argv(), env))
        waited.append(start(app_argv(path), typed))
        replaced.append(start(app_argv(path), whole))
    app_ms = [r.first_paint * 1000 for r in runs]
    bare_ms = statistics.median(r.first_paint * 1000 for r in bare)
    shown_ms = [r.marks["login-shown-s"] * 1000 for r in runs + waited]
    after_ms = [(r.first_paint - r.marks["login-submitted-s"]) * 1000 for r in waited]
    window_ms = [r.first_paint * 1000 for r in replaced]  # the second first-paint: the window's
    lines = [
        row("cold start to painted work queue", app_ms, "ms", "≤ 6×, ≤ 800 ms", bare_ms),
        row("  login box painted", shown_ms, "ms", "—", bare_ms),
        row("  main window in its place", window_ms, "ms", "—"),
        row("  Log in → queue (typed meanwhile)", after_ms, "ms", "—"),
    ]
    notes = [
        phases(runs, "cold start, Log in pressed at once (the first screen)"),
        phases(waited, "cold start, Log in pressed once the office was open (the main window)"),
        "cold start baseline: bare PySide6 window with a table view",
    ]
    return lines, notes


def phases(runs: list[Run], title: str) -> str:
    """Where the app's start goes (medians of the marks ui/probe.py prints)."""
    order = [("login-shown-s", "login box painted")]
    order += [("login-submitted-s", "to Log in pressed")]
    order += [("login-done-s", "to logged in (the office opened, the password checked)")]
    order += [("window-built-s", "window and the queue page")]
    order += [("first-paint-s", "the queue painted")]
    parts, before = [], 0.0
    for mark, label in order:
        values = [r.marks[mark] for r in runs if mark in r.marks]
        if not values:
            continue
        at = statistics.median(values)
        parts.append(f"{label} {1000 * (at - before):.0f} ms")
        before = at
    exit_ms = statistics.median((r.wall - r.first_paint) * 1000 for r in runs)
    return f"{title}, median by phase: " + "; ".join(parts) + f"; quit {exit_ms:.0f} ms"
