"""The Settings dialog's "This workstation" tab: which database the window opens on this computer
(a file or a PostgreSQL URL), kept in the user's config folder by app/workstation.py, with a
connection test that runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.errors import CasedeskError
from app.i18n import tr as _
from app.paths import default_db_path
from app.workstation import (
    TargetCheck,
    check_connection,
    check_target,
    saved_target,
    set_database_target,
    shown_target,
)
from db.store import Database
from ui.colours import set_role
from ui.crash import told
from ui.dialogs.settings_fields import ErrorForm
from ui.widgets import ERROR_ROLE

FIELD = "database_target"
OK_ROLE = "ok_pass"


class ConnectionTest(QThread):
    """Opens the database and closes it again, off the GUI thread (a server may be slow)."""

    finished_with = Signal(object, str)  # TargetCheck or None, error text ("" when none)

    def __init__(self, value: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.value = value

    def run(self) -> None:
        try:
            self.finished_with.emit(check_connection(self.value), "")
        except CasedeskError as error:
            self.finished_with.emit(None, error.translated())
        except Exception as error:  # shown, never swallowed: the dialog must not hang
            self.finished_with.emit(None, told(error))


def describe(check: TargetCheck) -> str:
    """One line on what the connection test found."""
    if check.revision is None:
        return _(
            "Connected to {target}: an empty database; the office's schema is created at the "
            "first start.",
            target=check.shown,
        )
    office = check.office or _("(no office yet)")
    if check.at_head:
        return _("Connected to {target}: office {office}.", target=check.shown, office=office)
    return _(
        "Connected to {target}: office {office}; its schema is upgraded at the next start.",
        target=check.shown,
        office=office,
    )


class WorkstationSection(QObject):
    """Fills the tab's form; `check()` before the office save, `save()` last inside its
    transaction (a choice that cannot be written rolls the office's changes back)."""

    def __init__(self, form: ErrorForm, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.form = form
        self.worker: ConnectionTest | None = None
        self.current = database.url  # the server this window works on, if any
        self.error: str | None = None
        try:
            saved = saved_target()
        except CasedeskError as error:  # an unreadable settings file: say so, start empty
            saved, self.error = None, error.translated()
        self.initial = "" if saved is None else shown_target(saved)
        self.edit = QLineEdit(self.initial)
        self.edit.setPlaceholderText(_("Default: {path}", path=str(default_db_path())))
        # A long data folder's path is elided in the field (at 150 % text, most of it): whole
        # in the tooltip, as the search boxes' hints.
        self.edit.setToolTip(self.edit.placeholderText())
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(lambda _text: self._say(""))  # a result of another value
        self.edit.textChanged.connect(lambda _text: self._offer_forget())
        self.test_button = QPushButton(_("Test connection"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(lambda: self.test_connection())
        self.default_button = QPushButton(_("Use the default"))
        self.default_button.clicked.connect(lambda: self._use_default())
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.edit, 1)
        line.addWidget(self.test_button)
        line.addWidget(self.default_button)
        form.add(f"{FIELD}_row", _("Database the window opens:"), row)
        self.edit.setObjectName(FIELD)
        form.errors[FIELD] = form.errors[f"{FIELD}_row"]
        self.result = QLabel()
        self.result.setObjectName("connection_result")
        self.result.setWordWrap(True)
        self.result.hide()
        form.addRow("", self.result)
        self.remembered = QLabel()
        self.remembered.setWordWrap(True)
        self.forget_button = QPushButton(_("Forget it"))
        self.forget_button.setObjectName("forget_password")
        self.forget_button.clicked.connect(lambda: self.forget_password())
        self.forget_row = QWidget()
        forget_line = QHBoxLayout(self.forget_row)
        forget_line.setContentsMargins(0, 0, 0, 0)
        forget_line.addWidget(self.remembered, 1)
        forget_line.addWidget(self.forget_button)
        form.addRow("", self.forget_row)
        self._offer_forget()
        form.note(_("This window is working on {target}.", target=database.shown))
        form.note(
            _(
                "Kept on this computer only, not in the office database; it takes effect the "
                "next time Casedesk starts. A server is a URL such as "
                "postgresql+psycopg://user@host/casedesk, without the password: the password "
                "comes from CASEDESK_DB_PASSWORD, the keychain, or is asked at start."
            )
        )
        if self.error:
            self.show_error(self.error)

    # --- the value ------------------------------------------------------------------------
    def chosen(self) -> str | None:
        """What the field holds; None means the default file."""
        return self.edit.text().strip() or None

    def changed(self) -> bool:
        return (self.chosen() or "") != self.initial

    def check(self) -> bool:
        """Validate a changed value (nothing is saved); on a refusal show why under the field."""
        value = self.chosen()
        if not self.changed() or value is None:
            return True
        try:
            check_target(value)
        except CasedeskError as error:
            self.show_error(error.translated())
            return False
        return True

    def save(self) -> bool:
        """Write a changed choice to this workstation's settings file; True when it changed."""
        if not self.changed():
            return False
        saved = set_database_target(self.chosen())
        self.initial = "" if self.chosen() is None else shown_target(saved)
        self.edit.setText(self.initial)
        return True

    def show_error(self, text: str) -> None:
        label = self.form.errors[FIELD]
        label.setText(text)
        label.show()

    def _use_default(self) -> None:
        self.edit.clear()
        self._say("")

    # --- the remembered server password ----------------------------------------------------
    def remembered_for(self) -> str | None:
        """The server in the field (or the one this window works on) when this computer
        remembers its password; None otherwise."""
        from db.pg_login import saved_password

        value = self.chosen() or self.current
        try:
            target = check_target(value) if value else None
        except CasedeskError:
            return None
        if not isinstance(target, str) or saved_password(target) is None:
            return None
        return target

    def _offer_forget(self) -> None:
        target = self.remembered_for()
        if target is not None:
            self.remembered.setText(
                _("This computer remembers the password for {url}.", url=target)
            )
        self.forget_row.setVisible(target is not None)

    def forget_password(self) -> None:
        """Forget the remembered password: the next start asks if the server wants one."""
        from db.pg_login import forget_password

        target = self.remembered_for()
        if target is not None and forget_password(target):
            self._say(_("Forgot the password remembered for {url} on this computer.", url=target))
        self._offer_forget()

    # --- the connection test --------------------------------------------------------------
    def test_connection(self) -> ConnectionTest | None:
        """Open and close the database in the field off the GUI thread; the result shows below."""
        if self.worker is not None:
            return None
        self.form.errors[FIELD].hide()
        value: str | Path = self.chosen() or default_db_path()
        self._say(_("Connecting…"))
        self.test_button.setEnabled(False)
        worker = ConnectionTest(value, self)
        worker.finished_with.connect(self._tested)
        worker.finished.connect(self._worker_done)
        self.worker = worker
        worker.start()
        return worker

    @Slot(object, str)
    def _tested(self, check: TargetCheck | None, error: str) -> None:
        if check is None:
            self._say(error, error=True)
        else:
            self._say(describe(check))

    @Slot()
    def _worker_done(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self.test_button.setEnabled(True)

    def wait(self) -> None:
        """Before the dialog goes away: let a running test end (a thread must not be orphaned)."""
        if self.worker is not None:
            self.worker.wait()

    def _say(self, text: str, error: bool = False) -> None:
        self.result.setText(text)
        set_role(self.result, ERROR_ROLE if error else OK_ROLE)
        self.result.setVisible(bool(text))
