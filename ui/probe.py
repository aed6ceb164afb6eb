"""Benchmark-only start-up probe: log in from the environment, quit at the queue's first paint.

`python -m tests.benchmarks` starts the real app in a subprocess with
CASEDESK_EXIT_AFTER_FIRST_PAINT=1 (and CASEDESK_BENCH_TOUR=1 for the memory run). Nothing here
runs unless those variables are set, and the login still needs the user's real password: it is
typed into the real login box, so a wrong one is refused and counts towards the lockout.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from app.errors import AuthenticationError
from ui.deferred import after_first_paint
from ui.login import LoginDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EXIT_AFTER_FIRST_PAINT = "CASEDESK_EXIT_AFTER_FIRST_PAINT"
TOUR = "CASEDESK_BENCH_TOUR"
LAUNCHED_AT = "CASEDESK_BENCH_T0"  # time.time() in the parent just before it started us
# "after-open": press Log in only once the office is open, as a user who typed meanwhile does;
# otherwise at the login box's first paint, as if the typing took no time at all.
LOGIN_WHEN = "CASEDESK_BENCH_LOGIN"
# "window": after a quick login's first screen, wait for the main window that replaces it and
# quit at its queue's first paint instead (the marks then come twice; the second are the window's).
UNTIL = "CASEDESK_BENCH_UNTIL"


def active() -> bool:
    """True when the app was started by the benchmark (either variable set to 1)."""
    return os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1" or os.environ.get(TOUR) == "1"


def drive(dialog: LoginDialog) -> None:
    """Log in through the real login box as CASEDESK_USER with CASEDESK_PASSWORD.

    Marks login-shown (the box painted), login-submitted (Log in pressed) and login-done. A
    refused login closes the box, so the start exits with code 1 instead of waiting forever.
    """
    username = os.environ.get("CASEDESK_USER", "")
    password = os.environ.get("CASEDESK_PASSWORD", "")
    if not username or not password:
        raise AuthenticationError(
            "A benchmark start needs CASEDESK_USER and CASEDESK_PASSWORD; nothing was opened."
        )
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.accepted.connect(lambda: _mark("login-done"))
    after_open = os.environ.get(LOGIN_WHEN) == "after-open"

    watch = QTimer(dialog)  # dies with the dialog, so it never looks at a deleted one
    watch.setInterval(10)

    def refused() -> None:
        if dialog.error.isVisible():  # the password was refused: say so and give up
            watch.stop()
            print(f"casedesk: {dialog.error.text()}", file=sys.stderr, flush=True)
            dialog.reject()

    watch.timeout.connect(refused)

    def press() -> None:
        if after_open and dialog.database is None:
            QTimer.singleShot(5, press)
            return
        _mark("login-submitted")
        dialog.try_login()
        watch.start()

    def shown() -> None:
        _mark("login-shown")
        press()

    after_first_paint(dialog, shown)


def _since_launch() -> float:
    """Seconds since the parent launched this process (or since this module was imported)."""
    start = os.environ.get(LAUNCHED_AT)
    return time.time() - (float(start) if start else _IMPORTED_AT)


_IMPORTED_AT = time.time()


def _mark(name: str) -> None:
    """One line `name-s=<seconds since launch>` on stdout, read by tests/benchmarks/startup.py."""
    print(f"{name}-s={_since_launch():.4f}", flush=True)


def install(window: MainWindow) -> None:
    """Quit once the work queue has painted (after the tour, if asked).

    The window opens on the work queue, as it does for a user. Marks: window-built, then
    first-paint (the queue's table).
    """
    _mark("window-built")

    def queue_painted() -> None:
        _mark("first-paint")
        if os.environ.get(TOUR) == "1":
            _tour(window)
        QTimer.singleShot(0, window.close)

    queue = window.queue
    after_first_paint(queue.table.viewport(), queue_painted)
    window.show_page(queue)  # already shown: the start page


def install_first_screen(screen: QMainWindow) -> None:
    """The first screen (ui/first_screen.py) is what a quick login paints first: mark
    window-built and first-paint on its queue, then close it (the start exits once its modules
    have loaded). With the tour, it stays up and the main window that replaces it is toured
    (`install`, called by ui/app.open_window)."""
    _mark("window-built")

    def queue_painted() -> None:
        _mark("first-paint")
        if os.environ.get(TOUR) != "1" and os.environ.get(UNTIL) != "window":
            QTimer.singleShot(0, screen.close)

    after_first_paint(screen.table.viewport(), queue_painted)  # type: ignore[attr-defined]


def _tour(window: MainWindow) -> None:
    """What a user does first on a big office: scroll the queue to its end, open a case."""
    queue = window.queue
    app = QApplication.instance()
    assert app is not None
    queue.table.scrollToBottom()
    app.processEvents()  # paints the last rows, so their page is fetched
    queue.table.viewport().repaint()
    case_id = queue.model.id_at(0)
    if case_id is not None:
        window.open_case(case_id)
        window.cases.repaint()
    app.processEvents()
    _mark("tour-done")
    print(f"peak-rss-mb={peak_rss_mb():.1f}", flush=True)


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM) in MiB.

    Read here rather than from the parent's rusage: on Linux a child's ru_maxrss starts at its
    parent's peak (fork/exec keep the old high-water mark), which would report the benchmark's
    own memory instead of the app's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
