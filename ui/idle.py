"""The idle lock: after some minutes without a key press or mouse use, the main window is covered
until the logged-in user types their password again. Pages, selections and filters stay as they
were underneath; wrong passwords count towards the account's lockout (app.auth's rule).

The app's other windows are put away too (ui/idle_windows.py): a dialog left open shows a
borrower's name and phone as much as the window does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import settings as office_settings
from app.auth import reauthenticate
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.colours import set_role
from ui.focus import give_back
from ui.idle_windows import (
    PutAway,
    alive,
    close_popups,
    is_modal,
    is_transient,
    other_windows,
)
from ui.mnemonics import NONE as NO_MNEMONIC
from ui.widgets import ERROR_ROLE

SETTING = "security.idle_lock_minutes"
# What the lock follows while on: its window's moves and resizes, windows that show or close.
_WINDOW_CHANGES = frozenset(
    {QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.Close}
)
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
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        self.say_why(by_hand=False)
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
        set_role(self.error, ERROR_ROLE)
        self.error.hide()
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock_typed)
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
        self.intro.setText(
            _("You locked the window. Enter your password to continue where you left off.")
            if by_hand
            else _(
                "The window was locked after a time without use. Enter your password to "
                "continue where you left off."
            )
        )

    def _unlock_typed(self) -> None:
        self.try_unlock(self.password.text())

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt override)
        """Tab goes round the password and Unlock, never on to the window under the cover, where
        the lock swallows every key (the keyboard was stuck there)."""
        stops = [self.password, self.unlock_button]
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
        try:
            user = reauthenticate(self.database.sessions, self.user.username, password)
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
        self.database: Database = window.database  # type: ignore[attr-defined]
        self.user: User = window.user  # type: ignore[attr-defined]
        self.overlay = LockOverlay(self.database, self.user, window)
        self.overlay.unlocked.connect(self._on_unlocked)
        self.front: LockOverlay | None = None  # the lock as a window of its own (_reachable)
        self.away = PutAway()
        self._focus: tuple[QWidget | None, QWidget | None] = (None, None)
        self._window_focus: QWidget | None = None  # the main window's own, under a dialog
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._time_up)
        if milliseconds is None:
            if minutes is None:
                minutes = _office_minutes(self.database)
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

    def _time_up(self) -> None:
        self.lock(by_hand=False)

    def lock(self, by_hand: bool = True) -> None:
        """Cover the window now and put the app's other windows away (nothing in them changes);
        `by_hand`: the user's own Lock, not the idle timer (the lock says which).

        Open menus close; a non-modal window is hidden; a modal dialog is covered and its title
        hidden (hiding it would end its exec(), and what was typed in it with it), and the lock
        then shows as a window of its own above it, where the password can be typed.
        """
        self.timer.stop()
        if not self.window.isVisible() or self.is_locked():
            return
        self._focus = (QApplication.activeWindow(), QApplication.focusWidget())
        self._window_focus = self.window.focusWidget()
        close_popups()
        for shown in (self.overlay, self.front):
            if shown is not None:
                shown.say_why(by_hand)
        self.overlay.setGeometry(self.window.rect())
        self.overlay.show()
        self.overlay.raise_()
        for other in other_windows(self._ours_windows()):
            self.away.put_away(other)
        self._reachable()
        self.locked.emit()

    def try_unlock(self, password: str) -> bool:
        """Unlock with `password`, as typed where the lock shows (its own window or the cover)."""
        shown = self.front if self.front is not None and self.front.isVisible() else self.overlay
        return shown.try_unlock(password)

    def _ours_windows(self) -> tuple[QWidget, ...]:
        return (self.window,) if self.front is None else (self.window, self.front)

    def _ours(self, widget: QWidget) -> bool:
        """The lock's own widgets: the only ones that take input while it is on."""
        for own in (self.overlay, self.front):
            if own is not None and (widget is own or own.isAncestorOf(widget)):
                return True
        return False

    def _reachable(self) -> None:
        """Make the password field take input. A modal dialog blocks the main window's: the lock
        then shows as an application-modal window over the main window, the newest modal one,
        which no other window blocks."""
        modal = QApplication.activeModalWidget()
        if modal is None or modal is self.front:
            if self.front is None or not self.front.isVisible():
                self.overlay.password.setFocus()
            return
        front = self._front_window()
        front.hide()  # shown again: the newest modal window is the one not blocked
        front.setGeometry(self.window.frameGeometry())
        front.show()
        front.raise_()
        front.activateWindow()
        front.password.setFocus()

    def _front_window(self) -> LockOverlay:
        if self.front is None:
            front = LockOverlay(self.database, self.user, self.window)
            front.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
            front.setWindowModality(Qt.WindowModality.ApplicationModal)
            front.setWindowTitle(_("Casedesk is locked"))
            front.unlocked.connect(self._on_unlocked)
            front.intro.setText(self.overlay.intro.text())  # why, as the cover says
            self.front = front
        return self.front

    def _on_unlocked(self, _user: User) -> None:
        self.overlay.hide()
        self.overlay.reset()
        if self.front is not None:
            self.front.hide()
            self.front.reset()
        self.away.bring_back()
        self._restore_focus()
        if self.milliseconds:
            self.timer.start(self.milliseconds)
        self.unlocked.emit()

    def _restore_focus(self) -> None:
        window, widget = self._focus
        before, self._focus, self._window_focus = self._window_focus, (None, None), None
        if window is not None and alive(window) and window.isVisible():
            window.raise_()
            window.activateWindow()
            if widget is not None and alive(widget) and widget.isVisible():
                widget.setFocus()
            return
        # The window that had the keys is gone (a dialog the program closed while locked, whose
        # own give-back the lock refused), or none had them: no window may be active now, and
        # the keys would go nowhere until a click. They go to the main window, as give_back
        # gives them (the window activated only when none is).
        give_back(self._keys_in_window(before))

    def _keys_in_window(self, before: QWidget | None) -> QWidget:
        """Where the main window's keyboard goes back: the widget that had it there when the lock
        came (or since), else the current page's list, else the window itself."""
        for last in (before, self.window.focusWidget()):
            if last is None or not alive(last) or self._ours(last):
                continue
            if last.isVisible() and last.isEnabled() and last.window() is self.window:
                return last
        stack = getattr(self.window, "stack", None)
        page = stack.currentWidget() if isinstance(stack, QStackedWidget) else None
        table = getattr(page, "table", None)
        if isinstance(table, QWidget) and table.isVisible() and table.isEnabled():
            return table
        return self.window

    def _late_window(self, widget: QWidget) -> None:
        """A window that showed while locked (a message from work in the background): put away
        like the others, and the lock kept where the password can be typed."""
        if not self.is_locked() or not alive(widget) or not widget.isVisible():
            return
        self.away.put_away(widget)
        self._reachable()

    def uninstall(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind in _WINDOW_CHANGES:
            if self.is_locked() and isinstance(watched, QWidget):
                self._follow(watched, kind)
            return False
        if kind == QEvent.Type.Shortcut:  # no command runs under the lock (Ctrl+K, Ctrl+2 …)
            return self.is_locked()
        if kind not in _INPUT:
            return False
        if not self.is_locked():
            if self.milliseconds:
                self.timer.start(self.milliseconds)
            return False
        # Locked: only the lock takes input; everything else waits underneath.
        if isinstance(watched, QWidget):
            return not self._ours(watched)
        return False

    def _follow(self, watched: QWidget, kind: QEvent.Type) -> None:
        """While locked: the lock and the covers follow their windows, a window that shows is put
        away too, and one the program closes stays closed."""
        if watched is self.window:
            if kind != QEvent.Type.Show:
                self.overlay.setGeometry(self.window.rect())
                if self.front is not None and self.front.isVisible():
                    self.front.setGeometry(self.window.frameGeometry())
        elif kind == QEvent.Type.Resize:
            self.away.follow(watched)
        elif kind == QEvent.Type.Close:
            self.away.forget(watched)
        elif kind == QEvent.Type.Show and watched.isWindow() and not self._ours(watched):
            if is_transient(watched):
                return
            if is_modal(watched):
                self.away.put_away(watched)  # covered before it is first painted
            # After the show: a modal window is only then the newest one (_reachable).
            QTimer.singleShot(0, self, lambda: self._late_window(watched))


def _office_minutes(database: Database) -> float:
    try:
        with database.sessions() as session:
            value = office_settings.get(session, SETTING)
    except KeyError:
        return DEFAULT_MINUTES
    return float(value) if value is not None else DEFAULT_MINUTES
