"""The idle lock's cover (ui/idle.py): the user's name, the password box and Unlock, over the
main window or as a window of its own above a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth import reauthenticate
from app.errors import AccountDeactivated, CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.colours import set_role
from ui.mnemonics import NONE as NO_MNEMONIC
from ui.widgets import ERROR_ROLE


class LockOverlay(QWidget):
    """An opaque cover over the whole window, the login dialog's look: password, Unlock."""

    unlocked = Signal(object)  # the User as authenticated again
    deactivated = Signal()  # the right password, but an admin deactivated the account
    quit = Signal()  # Quit Casedesk, pressed where the account was deactivated

    def __init__(self, database: Database, user: User, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.setObjectName("LockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#LockOverlay { background: #37474f; }"
            " QFrame#LockCard { background: palette(window); border-radius: 6px; }"
        )
        card = QFrame()
        card.setObjectName("LockCard")
        card.setFixedWidth(420)
        self.shut = False  # the account was deactivated: Quit is the way on (shut_out)
        self.heading = heading = QLabel(_("Casedesk is locked"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        self.say_why(by_hand=False)
        self.username = QLabel(user.username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._unlock_typed)
        self.form = form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_role(self.error, ERROR_ROLE)
        self.error.hide()
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._pressed)
        # No Alt+letter (ui/mnemonics.py): no shortcut gets through the lock, and Enter unlocks.
        for plain_words in (self.unlock_button, form.labelForField(self.password)):
            plain_words.setProperty(NO_MNEMONIC, True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(heading)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        # Centred between stretches, not by alignment: an aligned item's height is asked for the
        # whole width, where the intro wraps less, and the password box was squeezed to a sliver
        # wherever the intro takes two lines (English; found by QA).
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
        outer.addStretch(2)
        self.hide()

    def say_why(self, by_hand: bool) -> None:
        """Why the window is locked: by the user's own Lock (Ctrl+L) or after a time without
        use (it said the latter after Ctrl+L too)."""
        if self.shut:
            return
        self.intro.setText(
            _("You locked the window. Enter your password to continue where you left off.")
            if by_hand
            else _(
                "The window was locked after a time without use. Enter your password to "
                "continue where you left off."
            )
        )

    def _unlock_typed(self) -> None:
        if not self.shut:
            self.try_unlock(self.password.text())

    def _pressed(self) -> None:
        if self.shut:
            self.quit.emit()
        else:
            self._unlock_typed()

    def shut_out(self) -> None:
        """The account was deactivated: say so, and offer Quit Casedesk in place of the password
        (what was left open stays covered; nothing of it can be saved any more)."""
        self.shut = True
        self.heading.setText(_("Your account was deactivated"))
        self.intro.setText(
            _(
                "An admin deactivated your account: Casedesk cannot go on with it, and what was "
                "not saved cannot be saved now. Quit Casedesk, and ask an admin if this is a "
                "mistake."
            )
        )
        self.password.clear()
        self.form.setRowVisible(self.password, False)
        self.error.hide()
        self.unlock_button.setText(_("Quit Casedesk"))
        self.unlock_button.setFocus()

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        """Tab goes round the password and Unlock, never on to the window under the cover, where
        the lock swallows every key (the keyboard was stuck there)."""
        stops = [self.unlock_button] if self.shut else [self.password, self.unlock_button]
        now = QApplication.focusWidget()
        at = next((i for i, w in enumerate(stops) if w is now), -1 if forward else 0)
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        stops[(at + (1 if forward else -1)) % len(stops)].setFocus(reason)
        return True

    def reset(self) -> None:
        """Empty, with no error: as it shows the next time."""
        self.password.clear()
        self.error.hide()

    def try_unlock(self, password: str) -> bool:
        """Check the password of the logged-in user; a wrong one keeps the window covered."""
        if self.shut:
            return False
        try:
            user = reauthenticate(self.database.sessions, self.user.username, password)
        except AccountDeactivated:
            self.deactivated.emit()  # the lock shuts out here and on its other cover (ui/idle.py)
            return False
        except CasedeskError as error:
            self.password.clear()
            self.error.setText(error.translated())
            self.error.show()
            self.password.setFocus()
            return False
        self.password.clear()
        if user.must_change_password:  # an admin reset it meanwhile: the owner chooses their own
            from ui.dialogs.password import PasswordDialog

            if not PasswordDialog.choose_own(self, self.database, user, password):
                self.error.setText(
                    _("An administrator set this password: choose your own to log in.")
                )
                self.error.show()
                self.password.setFocus()
                return False
        self.error.hide()
        self.unlocked.emit(user)
        return True
