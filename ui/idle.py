"""The idle lock: after some minutes without a key press or mouse use, the main window is covered
until the logged-in user types their password again. Pages, selections and filters stay as they
were underneath; wrong passwords count towards the account's lockout (app.auth's rule)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import settings as office_settings
from app.auth import authenticate
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.widgets import ERROR_STYLE

SETTING = "security.idle_lock_minutes"
DEFAULT_MINUTES = 10
# Input that counts as "someone is at the desk" (and is swallowed outside the lock while locked).
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.ShortcutOverride,
    }
)


class LockOverlay(QWidget):
    """An opaque cover over the whole window, the login dialog's look: password, Unlock."""

    unlocked = Signal(object)  # the User as authenticated again

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
        heading = QLabel(_("Casedesk is locked"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            _(
                "The window was locked after a time without use. Enter your password to "
                "continue where you left off."
            )
        )
        intro.setWordWrap(True)
        self.username = QLabel(user.username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._unlock_typed)
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock_typed)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(heading)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()

    def _unlock_typed(self) -> None:
        self.try_unlock(self.password.text())

    def try_unlock(self, password: str) -> bool:
        """Check the password of the logged-in user; a wrong one keeps the window covered."""
        try:
            user = authenticate(self.database.sessions, self.user.username, password)
        except CasedeskError as error:
            self.password.clear()
            self.error.setText(error.translated())
            self.error.show()
            self.password.setFocus()
            return False
        self.password.clear()
        self.error.hide()
        self.unlocked.emit(user)
        return True


class IdleLock(QObject):
    """An application event filter: input restarts a timer; its timeout covers `window`.

    The timeout is `milliseconds` when given (tests), else `minutes`, else the office setting
    "security.idle_lock_minutes" (0 turns the lock off).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        minutes: float | None = None,
        milliseconds: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        database: Database = window.database  # type: ignore[attr-defined]
        user: User = window.user  # type: ignore[attr-defined]
        self.overlay = LockOverlay(database, user, window)
        self.overlay.unlocked.connect(self._on_unlocked)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        if milliseconds is None:
            if minutes is None:
                minutes = _office_minutes(database)
            milliseconds = int(minutes * 60_000)
        self.set_timeout(milliseconds)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_timeout(self, milliseconds: int) -> None:
        """Lock after `milliseconds` without input (0: never); restarts the count."""
        self.milliseconds = max(0, int(milliseconds))
        self.timer.stop()
        if self.milliseconds and not self.is_locked():
            self.timer.start(self.milliseconds)

    def is_locked(self) -> bool:
        return self.overlay.isVisible()

    def lock(self) -> None:
        """Cover the window now (nothing underneath changes).

        While a modal dialog is open the lock waits (the dialog would block the password field);
        it tries again after the next interval.
        """
        self.timer.stop()
        if not self.window.isVisible() or self.is_locked():
            return
        if QApplication.activeModalWidget() is not None:
            if self.milliseconds:
                self.timer.start(self.milliseconds)
            return
        self.overlay.setGeometry(self.window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.locked.emit()

    def try_unlock(self, password: str) -> bool:
        return self.overlay.try_unlock(password)

    def _on_unlocked(self, _user: User) -> None:
        self.overlay.hide()
        if self.milliseconds:
            self.timer.start(self.milliseconds)
        self.unlocked.emit()

    def uninstall(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window and self.is_locked():
            self.overlay.setGeometry(self.window.rect())
            return False
        if kind not in _INPUT:
            return False
        if not self.is_locked():
            if self.milliseconds:
                self.timer.start(self.milliseconds)
            return False
        # Locked: only the cover takes input; everything else waits underneath.
        if isinstance(watched, QWidget) and watched is not self.overlay:
            return not self.overlay.isAncestorOf(watched)
        return False


def _office_minutes(database: Database) -> float:
    try:
        with database.sessions() as session:
            value = office_settings.get(session, SETTING)
    except KeyError:
        return DEFAULT_MINUTES
    return float(value) if value is not None else DEFAULT_MINUTES
