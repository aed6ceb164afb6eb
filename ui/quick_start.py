"""Log in before the core has loaded: the first screen at once, the main window a moment later.

When Log in is pressed while SQLAlchemy, the mapped classes and the window's modules are still
loading (ui/startup.py), `quick_login` checks the password on a plain SQLCipher connection
(app/first_screen.py) and, if it is right, the user's work queue shows at once in a FirstScreen
(ui/first_screen.py). When the modules have loaded, `Handover` opens the office through the core,
records the login there (audited, as every login is), builds the main window where the first
screen was and closes the first screen.

Anything unusual takes the core's own path instead, which explains itself: a server URL, a key
that must be asked for, another window holding the office, a schema to migrate, a wrong password,
a locked or inactive account, a password an admin set (its owner chooses their own first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from app.errors import CasedeskError
from app.first_screen import FirstScreenOffice, FirstUser
from app.i18n import tr as _
from db.keystore import resolve_key
from db.lock import DatabaseLock
from db.sqlcipher import check_path
from ui import std_buttons
from ui.deferred import after_start
from ui.first_screen import Carried, FirstScreen
from ui.language import apply_language

if TYPE_CHECKING:
    from db.store import Database
    from ui.main_window import MainWindow
    from ui.startup import Preload


@dataclass
class QuickLogin:
    """A password checked before the core loaded, with the office's lock and connection."""

    office: FirstScreenOffice
    user: FirstUser
    password: str  # for the core's rehash of an old hash; dropped at the handover
    at: dt.datetime
    lock: DatabaseLock


@dataclass
class QuickStarted:
    """The start's outcome when the first screen is to show: the login and the loading thread."""

    login: QuickLogin
    preload: Preload


def quick_login(target: Path | str, username: str, password: str) -> QuickLogin | None:
    """The checked login when the quick path applies and the password is right; else None, and
    the login box waits for the core, which checks again and explains any refusal."""
    if not isinstance(target, Path):
        return None  # a server URL: the core's path
    try:
        path = check_path(target, must_exist=True)
        key = resolve_key(path)  # the environment or the keychain; never asks
    except CasedeskError:
        return None
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except CasedeskError:
        return None  # another window has the office: the core's path says so
    office: FirstScreenOffice | None = None
    try:
        office = FirstScreenOffice(path, key)
        at = dt.datetime.now(dt.UTC)
        user = office.check_login(username, password, at) if office.at_head() else None
    except Exception:  # noqa: BLE001 - any failure here is the core's to find and explain
        user = None
    if user is None or office is None:
        if office is not None:
            office.close()
        lock.release()
        return None
    return QuickLogin(office, user, password, at, lock)


class Handover(QObject):
    """Once the modules have loaded: the office through the core, the login recorded, the main
    window in the first screen's place. `window` is then set; `failed` when that went wrong."""

    def __init__(self, target: Path, screen: FirstScreen, started: QuickStarted, lang: str | None):
        super().__init__(screen)
        self.target = target
        self.screen = screen
        self.started = started
        self.lang = lang
        self.database: Database | None = None
        self.window: MainWindow | None = None
        self.failed = False

    @Slot()
    def go(self) -> None:
        if self.screen.closed or self.window is not None or self.failed:
            return
        login = self.started.login
        error = self.started.preload.error
        if error is not None:
            from ui.crash import told

            self._fail(_("The window cannot start: {reason}", reason=told(error)))
            return
        from app.auth import record_login
        from ui.app import open_or_explain, open_window

        self.database = open_or_explain(self.target, self.screen)
        if self.database is None:
            self.failed = True
            self.screen.close()
            return
        try:
            user = record_login(self.database.sessions, login.user.id, login.password, login.at)
        except CasedeskError as refused:
            self._fail(refused.translated())
            return
        login.password = ""
        carried = self.screen.carried()
        try:
            self.window = open_window(
                self.database, user, self.lang, geometry=self.screen.geometry_state()
            )
        except Exception as failure:  # noqa: BLE001 - said in a dialog, not left on a stuck screen
            self._fail(_("The window cannot start: {reason}", reason=str(failure)))
            return
        carry_on(self.window, carried)
        self.screen.close()
        login.office.close()

    def _fail(self, message: str) -> None:
        self.failed = True
        std_buttons.critical(self.screen, _("Casedesk"), message)
        self.screen.close()


def carry_on(window: MainWindow, carried: Carried) -> None:
    """The main window continues from where the user was on the first screen."""
    queue = window.queue
    if queue is not None:
        queue.model.count_now()  # the whole length, for a scroll position past the head
        rows = [queue.model.row_of(case_id) for case_id in carried.selected]
        queue.select_rows([r for r in rows if r is not None])
        queue.table.verticalScrollBar().setValue(carried.scrolled)
    if carried.case_id is not None:
        window.open_case(carried.case_id)
    elif carried.page in window.page_names:
        window.show_page(window.page(carried.page))


def run_first_screen(
    app: QApplication, target: Path, started: QuickStarted, name: str, lang: str | None
) -> int:
    """The first screen until the main window replaces it, then the main window until it closes;
    the exit code."""
    from ui.app import finish

    login = started.login
    apply_language(lang or login.user.language)
    screen = FirstScreen(login.office, login.user, name)
    handover = Handover(target, screen, started, lang)
    from ui import probe

    if probe.active():
        probe.install_first_screen(screen)
    preload = started.preload
    preload.finished.connect(handover.go)
    if preload.begun:  # the user had typed: the load was under way before Log in was pressed
        if preload.isFinished():
            QTimer.singleShot(0, handover.go)
    else:  # the queue paints first, then the rest loads while the user looks at it
        # After what that paint set going too (the probe's mark among it): a load begun in the
        # same turn of the event loop could hold the interpreter before the paint is reported.
        after_start(screen.table.viewport(), preload.begin)
    screen.show()
    code = app.exec()
    if preload.begun:  # closed before the modules had loaded: let the imports end first
        preload.wait()
    try:
        if handover.window is not None:
            finish(handover.window)
    finally:
        login.office.close()
        login.lock.release()
        if handover.database is not None:
            handover.database.close()
    return 1 if handover.failed else code
