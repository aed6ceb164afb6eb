"""Start the desktop app: font, the login box while the rest loads, the database (asking for the
recovery key if needed), login, window."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import CasedeskError, DamagedDatabase, KeptKeyWrong, WrongKey
from app.i18n import set_language
from app.i18n import tr as _
from app.paths import default_db_path
from app.preview_files import remove_stale
from app.workstation import database_target, shown_target
from db.lock import DatabaseLock
from db.target import is_pg_url
from ui import std_buttons
from ui.accessible import install as install_accessible_names
from ui.app_close import anchor_audit_head, finish, log_out  # noqa: F401 (named here first)
from ui.collector import collect_on_gui_thread
from ui.colours import install as install_colours
from ui.deferred import after_start
from ui.dialog_keys import install as install_dialog_keys
from ui.fonts import register_cjk_font
from ui.header_style import install as install_header_style
from ui.identity import APPLICATION, ORGANISATION
from ui.language import apply_language
from ui.mnemonics import install as install_mnemonics
from ui.screen_fit import install as install_screen_fit
from ui.startup import LoggedIn, Opened, login_while_loading, short_name
from ui.tab_order import install as install_tab_order

# Nothing here loads SQLAlchemy or the window's modules: the login box paints first, and they
# load on a worker thread meanwhile (ui/startup.py).
if TYPE_CHECKING:
    from app.models import User
    from db.pg_login import AskPassword, Refusal, Typed
    from db.store import Database
    from ui.main_window import MainWindow
    from ui.quick_start import QuickLogin


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with names for QSettings and the bundled CJK font registered."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    install_header_style(app)
    install_accessible_names(app)
    install_dialog_keys(app)  # Ctrl+Enter saves a dialog; Escape asks before a note is lost
    install_mnemonics(app)  # Alt+letter on every button and form label (ui/mnemonics.py)
    install_colours(app)  # style sheets follow the system's light or dark scheme (ui/colours.py)
    install_tab_order(app)  # Tab in reading order; a dialog opens in its first input
    install_screen_fit(app)  # a dialog as big as its words at the user's text size
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    register_cjk_font(app)
    collect_on_gui_thread(app)  # never in a worker thread, where Qt objects would be freed
    return app


def ask_recovery_key(
    path: Path | str,
    parent: QWidget | None = None,
    problem: str = "",
    typed: str = "",
    kept_wrong: bool = False,
) -> str | None:
    """Ask for the recovery key when neither the environment nor the keychain has one, or the
    keychain's does not open the file (`kept_wrong`); `problem` says why it is asked again, with
    the key `typed` before to correct."""
    from ui.dialogs.recovery_key import RecoveryKeyDialog

    return RecoveryKeyDialog.ask(parent, str(path), problem, typed, kept_wrong)


def open_or_explain(
    target: Path | str,
    parent: QWidget | None = None,
    *,
    ask_password: AskPassword | None = None,
) -> Database | None:
    """Open a file or a server URL; on a CasedeskError show its translated message, return None.

    On a server the password is asked (`ask_password`, default the ServerPasswordDialog) only
    when the server refuses to let the user in without one, or refused the one given. A key this
    computer kept that does not open the file is not used again: the recovery key is asked, and
    replaces it once it opens the file (Cancel leaves it as it was).
    """
    from db.store import open_database
    from ui.dialogs.server_password import ServerPasswordDialog

    shown = shown_target(target)
    if ask_password is None:

        def ask_password(refusal: Refusal) -> Typed | None:
            return ServerPasswordDialog.ask(parent, shown, refusal)

    # Why it is asked again, the key typed before, the key typed this time.
    asked = {"problem": "", "before": "", "typed": ""}
    cancelled = [False]
    kept_wrong = False  # the keychain's key did not open the file: ask, not use it again
    again: list[str] = []  # a key typed before a restore, for the restored office

    def ask_key() -> str | None:
        if again and again[-1]:
            answer: str | None = again.pop()
        else:
            answer = ask_recovery_key(shown, parent, asked["problem"], asked["before"], kept_wrong)
        asked["typed"], cancelled[0] = answer or "", not answer
        return answer

    while True:
        asked["before"], asked["typed"] = asked["typed"], ""
        try:
            return open_database(
                target, ask_key=ask_key, ask_password=ask_password, keychain=not kept_wrong
            )
        except KeptKeyWrong:
            kept_wrong = True  # asked next, saying why in the dialog's heading
        except CasedeskError as error:
            if kept_wrong and cancelled[0]:
                std_buttons.warning(
                    parent,
                    _("Casedesk"),
                    _(
                        "Nothing was opened. The key this computer kept for {path} is left as "
                        "it was; start Casedesk again to enter the recovery key.",
                        path=shown,
                    ),
                )
                return None
            if isinstance(error, DamagedDatabase) and isinstance(target, Path):
                from ui.dialogs.damaged_office import offer_restore  # no one can log in to it

                if not offer_restore(target, asked["typed"], error, parent):
                    return None
                again.append(asked["typed"])  # the restored office opens with the key typed
                continue
            # A typed recovery key that did not open the file is asked again, saying so, rather
            # than the window closing on a typo (a key from the environment is not: it is the
            # user's to correct). Cancel always ends it: a file no key opens asks no more.
            if not asked["typed"] or not isinstance(error, WrongKey):
                std_buttons.critical(parent, _("Casedesk"), error.translated())
                return None
            asked["problem"] = _(
                "This key does not open {path}: check it against the printed recovery key and "
                "type it again, or Cancel (the file may not be a Casedesk database).",
                path=shown,
            )


def on_server(database: Database) -> bool:
    """True for an office on a PostgreSQL server (shared by many workstations)."""
    return database.url is not None


def window_target(db_path: Path | str | None) -> Path | str:
    """What the window opens: --db, else this workstation's choice, else the default file."""
    if db_path is not None:
        return db_path if is_pg_url(db_path) else Path(db_path)
    return database_target()


def start_target(db_path: Path | str | None, parent: QWidget | None = None) -> Path | str | None:
    """What the window opens (`window_target`); when this workstation's settings file cannot be
    read, said, and the default file offered (the file's choice reset, a damaged one kept beside
    it) or Quit (None): never a dead end (ui/settings_unreadable.py)."""
    try:
        return window_target(db_path)
    except CasedeskError as error:
        from ui.settings_unreadable import offer_default

        return offer_default(error, parent)


def wants_wizard(db_path: Path | str | None, target: Path | str) -> bool:
    """The setup wizard only for the default file on a fresh workstation, never for a URL."""
    return (
        db_path is None
        and isinstance(target, Path)
        and target == default_db_path()
        and not target.exists()
    )


def offers_new_office(db_path: Path | str | None, target: Path | str) -> bool | None:
    """`casedesk --db FILE` naming no file yet: asks whether to set up a new office there, as
    `casedesk init --db FILE` does (True), or quit (False). Asked, with the path shown, so that a
    mistyped or moved path is seen before anything is made. None when there is nothing to ask:
    a file or URL to open, or a path where no database can be made (the login explains it)."""
    if db_path is None or not isinstance(target, Path) or target.exists():
        return None
    from app.setup import check_can_create

    try:
        check_can_create(target)
    except CasedeskError:
        return None
    box = std_buttons.message_box(
        QMessageBox.Icon.Question,
        _("Casedesk"),
        _("No database at {path}.", path=str(target)),
        QMessageBox.StandardButton.NoButton,
    )
    box.setInformativeText(
        _(
            "Set up a new office in this file, or quit and check the path: an office moved "
            "elsewhere opens where it is now (casedesk --db its-file)."
        )
    )
    create = box.addButton(_("Set up a new office…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(create)
    box.exec()
    return box.clickedButton() is create


def open_office(target: Path | str, parent: QWidget | None = None) -> Opened | None:
    """Open the office and take its window lock; on failure say why and return None."""
    database = open_or_explain(target, parent)
    if database is None:
        return None
    try:
        return database, window_lock(database)
    except CasedeskError as error:
        database.close()
        std_buttons.critical(parent, _("Casedesk"), error.translated())
        return None


def window_lock(database: Database) -> DatabaseLock | None:
    """One window per database file; None on a server, which many workstations share."""
    if on_server(database):
        return None
    lock = DatabaseLock(database.path)  # the CLI does not take it
    lock.acquire()
    return lock


def start_background_work(window: MainWindow) -> None:
    """After the window shows, off the GUI thread: the day's queue rebuild, and the daily backup
    of a file.

    A server database is backed up on the server (pg_dump); Casedesk makes no copy of it.
    """
    if on_server(window.database):
        window.start_daily_rebuild()  # cases that opened or closed overnight
        return
    # On a file the backup follows the rebuild: run side by side, a backup that read the file
    # before the rebuild committed failed at once ("busy") on the day's first start, and said so
    # in a box over the window.
    window.start_daily_rebuild(then=window.start_daily_backup)


def first_run(path: Path) -> tuple[Database, User] | None:
    """No database in the data folder yet: the setup wizard creates one and logs the admin in."""
    from ui.wizard import SetupWizard

    return SetupWizard.run_setup(None, path)


def run(db_path: Path | str | None, lang: str | None = None, argv: list[str] | None = None) -> int:
    """Run the app on `db_path`, a file or a server URL (default: this workstation's choice,
    app/workstation.py, else the per-user data folder); returns the exit code. An error nothing
    caught meanwhile is said in a message box and logged (ui/crash.py)."""
    from ui import crash

    with crash.reported():
        return _run(db_path, lang, argv)


def _run(db_path: Path | str | None, lang: str | None, argv: list[str] | None) -> int:
    began = time.time()
    if lang:
        set_language(lang)
    app = application(argv)
    remove_stale(began)  # previews a crashed session left in the temporary folder
    apply_language(lang)  # Qt's own dialogs too, until the user's own choice is known
    target = start_target(db_path)
    if target is None:  # an unreadable workstation settings file, and the user quit
        return 1
    from ui import probe  # benchmark-only: CASEDESK_EXIT_AFTER_FIRST_PAINT (tests/benchmarks)

    new_office = wants_wizard(db_path, target) or offers_new_office(db_path, target)
    if new_office is False:  # asked about a new office at --db, and quit
        return 0
    if new_office:
        assert isinstance(target, Path)
        created = first_run(target)
        if created is None:
            return 0
        opened = open_after_wizard(*created)
        if opened is None:
            return 1
    else:
        started = login_while_loading(
            target,
            lambda dialog: open_office(target, dialog),
            probe.drive if probe.active() else None,
            quick=lambda username, password: quick_login(target, username, password),
        )
        if isinstance(started, int):
            return 1 if probe.active() else started  # the probe never cancels: it failed
        if not isinstance(started, LoggedIn):  # the first screen, while the modules load
            from ui.quick_start import run_first_screen

            assert isinstance(target, Path)
            return run_first_screen(app, target, started, short_name(target), lang)
        opened = started
    database, lock, user = opened.database, opened.lock, opened.user
    try:
        return show_window(app, database, user, lang)
    finally:
        if lock is not None:
            lock.release()
        database.close()


def open_after_wizard(database: Database, user: User) -> LoggedIn | None:
    """The wizard's new office and its admin, with the window lock taken."""
    try:
        return LoggedIn(database, window_lock(database), user)
    except CasedeskError as error:
        database.close()
        std_buttons.critical(None, _("Casedesk"), error.translated())
        return None


def quick_login(target: Path | str, username: str, password: str) -> QuickLogin | None:
    """A Log in pressed before the core has loaded, checked without it (ui/quick_start.py)."""
    from ui.quick_start import quick_login as check

    return check(target, username, password)


def open_window(
    database: Database, user: User, lang: str | None, geometry: QByteArray | None = None
) -> MainWindow:
    """The main window, shown (where `geometry` says, else where it was last), with the work
    that follows its first paint set going."""
    from ui import probe
    from ui.main_window import MainWindow

    apply_language(lang or user.language)  # --lang, else the user's setting, else the system
    window = MainWindow(database, user)
    if geometry is not None:
        window.restoreGeometry(geometry)
    if probe.active():
        probe.install(window)
    from ui.start_checks import start_checks

    after_start(window, lambda: start_checks(window, database, user))
    window.show()
    if not probe.active():  # the daily backup, off the GUI thread (minutes on a big office)
        start_background_work(window)
    from ui.upgrade_notice import show_upgrade_notice

    show_upgrade_notice(window, database)  # once: this window's opening upgraded the file
    return window


def show_window(app: QApplication, database: Database, user: User, lang: str | None) -> int:
    """The main window until it closes; the exit code."""
    window = open_window(database, user, lang)
    code = app.exec()
    finish(window)
    return code
