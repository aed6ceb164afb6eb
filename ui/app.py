"""Start the desktop app: font, database (asking for the recovery key if needed), login, window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.errors import CasedeskError
from app.i18n import set_language
from app.i18n import tr as _
from app.models import User
from app.paths import default_db_path
from db.lock import DatabaseLock
from db.store import Database, open_database
from ui.fonts import register_cjk_font
from ui.language import apply_language
from ui.login import LoginDialog
from ui.main_window import APPLICATION, ORGANISATION, MainWindow


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with names for QSettings and the bundled CJK font registered."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    register_cjk_font(app)
    return app


def ask_recovery_key(path: Path, parent: QWidget | None = None) -> str | None:
    """Ask for the recovery key when neither the environment nor the keychain has one."""
    text, ok = QInputDialog.getText(
        parent,
        _("Recovery key"),
        _(
            "No key for {path} on this computer.\nEnter the recovery key printed when the "
            "database was created:",
            path=str(path),
        ),
        QLineEdit.EchoMode.Password,
    )
    return text.strip() if ok and text.strip() else None


def open_or_explain(path: Path, parent: QWidget | None = None) -> Database | None:
    """Open the database; on a CasedeskError show its translated message and return None."""
    try:
        return open_database(path, ask_key=lambda: ask_recovery_key(path, parent))
    except CasedeskError as error:
        QMessageBox.critical(parent, _("Casedesk"), error.translated())
        return None


def first_run(path: Path) -> tuple[Database, User] | None:
    """No database in the data folder yet: the setup wizard creates one and logs the admin in."""
    from ui.wizard import SetupWizard

    return SetupWizard.run_setup(None, path)


def run(db_path: Path | None, lang: str | None = None, argv: list[str] | None = None) -> int:
    """Run the app on `db_path` (default: the per-user data folder); returns the exit code."""
    if lang:
        set_language(lang)
    app = application(argv)
    apply_language(lang)  # Qt's own dialogs too, until the user's own choice is known
    path = Path(db_path) if db_path else default_db_path()
    user: User | None = None
    if db_path is None and not path.exists():
        created = first_run(path)
        if created is None:
            return 0
        database, user = created
    else:
        opened = open_or_explain(path)
        if opened is None:
            return 1
        database = opened
    lock = DatabaseLock(database.path)  # one window per database; the CLI does not take it
    try:
        lock.acquire()
    except CasedeskError as error:
        database.close()
        QMessageBox.critical(None, _("Casedesk"), error.translated())
        return 1
    try:
        from app.compliance import startup_check

        with database.session() as session:  # stores the first rule-set version if none yet
            problems = startup_check(session)
        if problems:
            QMessageBox.warning(None, _("Compliance rule set"), "\n".join(problems))
        from ui import probe  # benchmark-only: CASEDESK_EXIT_AFTER_FIRST_PAINT (tests/benchmarks)
        from ui.dialogs.backups import scheduled_backup

        if user is None:
            user = probe.login(database) if probe.active() else LoginDialog.login(None, database)
        if user is None:
            return 0
        apply_language(lang or user.language)  # --lang, else the user's setting, else the system
        window = MainWindow(database, user)
        if probe.active():
            probe.install(window)
        window.show()
        if not probe.active():  # the daily backup, off the GUI thread (minutes on a big office)
            window.start_daily_backup()
        code = app.exec()
        if window.restored is None:  # after a restore the file changed under the window
            window.wait_for_backup()
            scheduled_backup(database)  # on close if none today (the start's may have failed)
        return code
    finally:
        lock.release()
        database.close()
