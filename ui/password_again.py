"""What the admin's irreversible acts share (a new recovery key, erasing personal data): the
password typed again, with its inline error, and a modal progress without Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressDialog, QWidget

from app.i18n import tr as _
from app.models import User
from ui.widgets import error_label


def password_again(user: User) -> tuple[QFormLayout, QLineEdit, QLabel]:
    """A form row asking `user`'s password (object name "password") and the error line below
    it (hidden; hidden again as soon as the password is changed)."""
    password = QLineEdit()
    password.setObjectName("password")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form = QFormLayout()
    form.addRow(_("Your password ({user}):", user=user.username), password)
    error = error_label()
    password.textChanged.connect(lambda _text: error.hide())
    return form, password, error


def steady_progress(
    parent: QWidget, text: str, title: str, maximum: int, *, after_ms: int = 0
) -> QProgressDialog:
    """A progress over the whole application without Cancel (the work is whole or not at all),
    shown after `after_ms`; `maximum` 0 is a busy indicator."""
    progress = QProgressDialog(text, "", 0, maximum, parent)
    progress.setWindowTitle(title)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(after_ms)
    progress.setMinimumWidth(420)
    progress.setValue(0)
    return progress
