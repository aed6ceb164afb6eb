"""Start the desktop app: font, database (asking for the recovery key if needed), login, window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.errors import CasedeskError
from app.i18n import set_language
from app.i18n import tr as _
from app.paths import default_db_path
from db.lock import DatabaseLock
from db.store import Database, open_database
from ui.fonts import register_cjk_font
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


def run(db_path: Path | None, lang: str | None = None, argv: list[str] | None = None) -> int:
    """Run the app on `db_path` (default: the per-user data folder); returns the exit code."""
    if lang:
        set_language(lang)
    app = application(argv)
    database = open_or_explain(Path(db_path) if db_path else default_db_path())
    if database is None:
        return 1
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
        user = LoginDialog.login(None, database)
        if user is None:
            return 0
        window = MainWindow(database, user)
        window.show()
        return app.exec()
    finally:
        lock.release()
        database.close()
