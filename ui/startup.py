"""A start that shows its login box at once: the window's modules load on a worker thread while the
user types, and the office opens as soon as they have loaded.

Loading SQLAlchemy, the mapped classes and the window's modules takes about a second on an office
PC. Before, the login box waited for all of it; now a user who types their name and password
meanwhile waits only for the password check and the first page after pressing Log in.

A Log in pressed before the modules have loaded is checked without them (ui/quick_start.py): the
user's work queue then shows at once on a first screen, and the main window takes its place when
the modules are in. The load itself starts a moment after the box has painted, so that a Log in
pressed at once paints that first screen without sharing the interpreter with the imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Slot
from PySide6.QtWidgets import QDialog

from app.i18n import tr as _
from db.lock import DatabaseLock
from db.target import is_pg_url
from ui import std_buttons
from ui.deferred import after_first_paint
from ui.login import LoginDialog

if TYPE_CHECKING:
    from app.models import User
    from db.store import Database
    from ui.quick_start import QuickLogin, QuickStarted

# What the window needs before its first paint, beyond what the login box itself loads.
PRELOAD = ("db.store", "app.auth", "ui.main_window", "ui.pages.queue")

Opened = tuple["Database", DatabaseLock | None]
LOAD_AFTER_MS = 100  # after the login box's first paint


@dataclass(frozen=True)
class LoggedIn:
    """The start's outcome when a user logged in: the open office, its lock and the user."""

    database: Database
    lock: DatabaseLock | None
    user: User


class Preload(QThread):
    """Imports modules off the GUI thread; imports only: no widget, no database."""

    def __init__(self, modules: tuple[str, ...] = PRELOAD) -> None:
        super().__init__()
        self.modules = modules
        self.error: BaseException | None = None
        self.begun = False

    def begin(self) -> None:
        """Start loading, once (a QThread that has finished would otherwise run again)."""
        if not self.begun:
            self.begun = True
            self.start()

    def run(self) -> None:
        try:
            for name in self.modules:
                import_module(name)
        except BaseException as error:  # shown on the GUI thread by Opening.loaded
            self.error = error


class Opening(QObject):
    """On the GUI thread: when the preload has ended, opens the office for the login dialog."""

    def __init__(
        self, dialog: LoginDialog, preload: Preload, open_office: Callable[[], Opened | None]
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.preload = preload
        self.open_office = open_office
        self.opened: Opened | None = None
        self.failed = False
        self.done = False  # the dialog has closed: a late signal must open nothing

    @Slot()
    def loaded(self) -> None:
        if self.done:
            return
        if self.preload.error is not None:
            self.failed = True
            from ui.crash import told

            reason = told(self.preload.error)
            message = _("The window cannot start: {reason}", reason=reason)
            std_buttons.critical(self.dialog, _("Casedesk"), message)
            self.dialog.reject()
            return
        try:
            self.opened = self.open_office()  # shows its own error, and may ask for a key
        except Exception as error:  # noqa: BLE001 - said in a dialog, never a box left waiting
            from ui.crash import told

            self.failed = True
            message = _("The office cannot be opened: {reason}", reason=told(error))
            std_buttons.critical(self.dialog, _("Casedesk"), message)
            self.dialog.reject()
            return
        if self.opened is None:
            self.failed = True
            self.dialog.reject()
            return
        self.dialog.office_ready(self.opened[0])


def short_name(target: Path | str) -> str:
    """The login box's name for a target, as Database.short_name will give it once open."""
    if isinstance(target, str) and is_pg_url(target):
        from db.pg import display

        return display(target).split("://", 1)[-1]
    return Path(target).name


def login_while_loading(
    target: Path | str,
    open_office: Callable[[LoginDialog], Opened | None],
    drive: Callable[[LoginDialog], object] | None = None,
    modules: tuple[str, ...] = PRELOAD,
    quick: Callable[[str, str], QuickLogin | None] | None = None,
) -> LoggedIn | QuickStarted | int:
    """Show the login box now, open the office once the modules have loaded, log in.

    `open_office(dialog)` opens the office and takes its lock, showing any error itself (None
    then). `drive` lets the benchmark's probe fill in and press Log in (ui/probe.py). `quick`
    checks a Log in pressed before then without the core (ui/quick_start.py). Returns who logged
    in; or the quick login, with the modules still loading; or the exit code: 0 when cancelled,
    1 when the office could not be opened.
    """
    preload = Preload(modules)
    dialog = LoginDialog(None, name=short_name(target))
    taken: list[QuickLogin] = []  # the quick login, once one passed

    def quick_or_load(username: str, password: str) -> QuickLogin | None:
        checked = quick(username, password) if quick is not None else None
        if checked is None:
            preload.begin()  # the core checks this login: it must load now
        else:
            taken.append(checked)
        return checked

    def begin_loading() -> None:
        if not taken:  # a quick login starts the load itself, after its first paint
            preload.begin()

    dialog.quick = quick_or_load
    opening = Opening(dialog, preload, lambda: open_office(dialog))
    preload.finished.connect(opening.loaded)
    if drive is not None:
        drive(dialog)
    # The load starts once the box has painted and the event loop has had a moment: a Log in
    # pressed in that moment (a password typed ahead, the benchmark's probe) gets the first screen
    # without sharing the interpreter with the imports. A user who types loses nothing.
    after_first_paint(dialog, lambda: QTimer.singleShot(LOAD_AFTER_MS, begin_loading))
    dialog.username.setFocus()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    opening.done = True
    if accepted and taken:
        from ui.quick_start import QuickStarted

        dialog.deleteLater()
        return QuickStarted(taken[0], preload)  # the first screen starts the load
    if preload.begun:  # a Cancel pressed during the load: let the imports end before the exit
        preload.wait()
    user = dialog.user if accepted else None
    dialog.deleteLater()
    if opening.opened is None:
        return 1 if opening.failed else 0
    database, lock = opening.opened
    if user is None:
        if lock is not None:
            lock.release()
        database.close()
        return 0
    return LoggedIn(database, lock, user)
