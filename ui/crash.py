"""An error nothing caught while the window runs: said in a message box and written to the error
log, instead of a traceback on a console nobody sees (a slot that raised left its button doing
nothing, in silence). Casedesk goes on running: the core saves in transactions, so what failed
saved nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication

from app.errors import CasedeskError, os_reason
from app.i18n import tr as _
from app.paths import PRIVATE_FILE, data_dir, make_folder, make_private
from ui import std_buttons

LOG_NAME = "errors.log"
_showing = [False]  # an error while the box is up is logged, not shown in a second box


def log_path() -> Path:
    """The error log: `logs/errors.log` in the data folder (1 MB, then one older file)."""
    return data_dir() / "logs" / LOG_NAME


def summary(error: BaseException) -> str:
    """The error's type and first line only: SQLAlchemy's later lines carry the statement's
    parameters (names, phone numbers), which must not reach a plain-text log."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def write_log(error: BaseException, tb: TracebackType | None) -> Path | None:
    """Append the error (its summary and where it was raised) to the log; None if the log
    cannot be written (a full disk must not turn one error into two)."""
    import logging  # when an error comes, not at every start
    from logging.handlers import RotatingFileHandler

    class PrivateLog(RotatingFileHandler):
        """The log made readable by its user alone (0600), each time it is made anew (after a
        rotation too): its lines name the database's path and what failed where."""

        def _open(self) -> io.TextIOWrapper:
            # O_BINARY (Windows only): Python's text layer writes the line ends; the C runtime's
            # text mode would add a "\r" of its own to each ("\r\r\n").
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
            made = os.open(self.baseFilename, flags, PRIVATE_FILE)
            return open(made, "a", encoding=self.encoding, errors=self.errors)

    path = log_path()
    logger = logging.getLogger("casedesk.crash")
    try:
        make_folder(path.parent)  # logs/ in the data folder: private, as the data folder is
        handler = PrivateLog(path, maxBytes=1_000_000, backupCount=1, encoding="utf-8")
    except OSError:
        return None
    make_private(path, PRIVATE_FILE)  # a log an earlier version made with the umask's mode
    try:
        logger.addHandler(handler)
        logger.propagate = False
        frames = "".join(traceback.format_tb(tb))
        logger.error(
            "%s %s\n%s", dt.datetime.now().astimezone().isoformat(), summary(error), frames
        )
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path


def told(error: BaseException) -> str:
    """An error a worker or a start step shows in a sentence of its own: a Casedesk error in its
    own words, anything else logged (where it was raised) and said by its summary only, never
    the whole text, whose later lines can carry a statement's values (another borrower's name,
    phone number or amount). A file's trouble is said by its reason, in the user's language."""
    if isinstance(error, CasedeskError):
        return error.translated()
    write_log(error, error.__traceback__)
    return os_reason(error) if isinstance(error, OSError) else summary(error)


def message(error: BaseException, logged: Path | None) -> str:
    """What the user reads: a Casedesk error in its own words, anything else as what it was,
    that nothing of it was saved, and where the details went."""
    if isinstance(error, CasedeskError):
        return error.translated()
    text = _(
        "Something went wrong: {error}. What you were doing was not saved; check it and try again.",
        error=summary(error),
    )
    if logged is None:
        return text
    return text + "\n\n" + _("The details are in {path}.", path=str(logged))


def report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook while the window runs."""
    app = QApplication.instance()
    if issubclass(kind, KeyboardInterrupt) or app is None:
        sys.__excepthook__(kind, error, tb)
        return
    logged = None if isinstance(error, CasedeskError) else write_log(error, tb)
    traceback.print_exception(kind, error, tb)  # a console, when there is one
    text = message(error, logged)
    if QThread.currentThread() != app.thread():  # a worker's: the box is the GUI thread's to show
        QTimer.singleShot(0, app, lambda: show(text))
        return
    show(text)


def show(text: str) -> None:
    """The message box, on the GUI thread; one at a time (an error while it is up is logged)."""
    if _showing[0]:
        return
    _showing[0] = True
    try:
        std_buttons.critical(QApplication.activeWindow(), _("Casedesk"), text)
    finally:
        _showing[0] = False


@contextmanager
def reported() -> Iterator[None]:
    """Within: every error nothing caught is said and logged (ui.app.run); the hook there
    before is put back after (a test's pytest-qt hook, which fails the test instead)."""
    before = sys.excepthook
    sys.excepthook = report
    try:
        yield
    finally:
        sys.excepthook = before
