"""The forms behind the Users dialog's Add and Reset password (ui/dialogs/users.py): a new account
and a new password for someone's account, each saved through app.accounts. The password typed
here is the admin's choice, so its owner chooses their own at their next login."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.accounts import add_account, reset_password
from app.concurrency import StaleEdit
from app.errors import ValidationError
from app.i18n import tr as _
from app.models import Role, User
from app.passwords import check_typed_twice
from db.store import Database
from ui import labels
from ui.dialogs.base import SaveDialog, ok_cancel


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class NewAccountDialog(SaveDialog[str]):
    """User name, name, role and the first password twice; `saved` is the new user name."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(database, user, parent)
        self.setWindowTitle(_("Add an account"))
        self.setObjectName("NewAccountDialog")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(labels.label(labels.ROLE, role.value), role.value)
        self.password = _password_field("password")
        self.repeat = _password_field("repeat")
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Name:"), self.display_name)
        form.addRow(_("Role:"), self.role)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Repeat password:"), self.repeat)
        hint = QLabel(
            _(
                "Give the password to its owner in person: at their first login Casedesk asks "
                "them to choose their own before anything opens."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.buttons = ok_cancel(self, _("Add"), self.try_save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def try_save(self) -> bool:
        try:  # the first-run wizard's words for it (app/passwords.py)
            check_typed_twice(self.password.text(), self.repeat.text())
        except ValidationError as error:
            self.show_error(error.translated())
            self.repeat.clear()
            return False
        return self.save_through(lambda: self.as_user(self._add))

    def _add(self, session: Session, actor: User) -> str:
        added = add_account(
            session,
            actor,
            self.username.text(),
            self.role.currentData(),
            self.password.text(),
            self.display_name.text().strip() or None,
        )
        return added.username


class NewPasswordDialog(SaveDialog[bool]):
    """A new password for someone's account, twice; `saved`: whether the account is active.
    `seen`: the account as the Users list showed it; changed since by another admin, the dialog
    closes with the refusal in `went_stale` for the list to show afresh."""

    def __init__(
        self,
        database: Database,
        user: User,
        username: str,
        parent: QWidget | None = None,
        *,
        seen: int | None = None,
    ) -> None:
        super().__init__(database, user, parent)
        self.username = username
        self.seen = seen
        self.went_stale: StaleEdit | None = None
        self.setWindowTitle(_("Reset the password of {user}", user=username))
        self.setObjectName("NewPasswordDialog")
        self.password = _password_field("password")
        self.repeat = _password_field("repeat")
        form = QFormLayout()
        form.addRow(_("New password:"), self.password)
        form.addRow(_("Repeat new password:"), self.repeat)
        self.buttons = ok_cancel(self, _("Reset password"), self.try_save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if username != user.username:  # an admin's own reset is their own choice
            hint = QLabel(
                _(
                    "Give the password to its owner in person: at their next login Casedesk asks "
                    "them to choose their own before anything opens."
                )
            )
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def try_save(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.show_error(_("The new password and its repetition differ."))
            self.repeat.clear()
            return False
        if self.save_through(lambda: self.as_user(self._reset)):
            return True
        if self.went_stale is not None:  # nothing to retry here: the list shows it as it is now
            self.reject()
        return False

    def _reset(self, session: Session, actor: User) -> bool:
        try:
            return reset_password(
                session, actor, self.username, self.password.text(), seen=self.seen
            )
        except StaleEdit as error:
            self.went_stale = error
            raise
