"""The idle lock: after some minutes without a key press or mouse use, the main window is covered
until the logged-in user types their password again. Pages, selections and filters stay as they
were underneath; wrong passwords count towards the account's lockout (app.auth's rule).

The cover itself is ui/lock_overlay.py. The app's other windows are put away too
(ui/idle_windows.py): a dialog left open shows a borrower's name and phone as much as the window
does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import settings as office_settings
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.focus import give_back
from ui.idle_windows import (
    PutAway,
    alive,
    close_popups,
    is_modal,
    is_transient,
    other_windows,
)
from ui.lock_overlay import LockOverlay

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
        self.overlay.deactivated.connect(self.shut_out)
        self.overlay.quit.connect(self.quit)
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

    def shut_out(self) -> None:
        """Lock the window for good: an admin deactivated the account (ui/account_watch.py, or
        its right password typed here). The lock says so and offers Quit Casedesk instead."""
        self.lock(by_hand=False)
        for shown in (self.overlay, self.front):
            if shown is not None:
                shown.shut_out()
        self.timer.stop()

    def quit(self) -> None:
        """Quit Casedesk from the lock of a deactivated account: the dialogs left open under it
        close unsaved (nothing of them could be saved), then the window."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget is not self.front and widget.isVisible():
                widget.reject()  # closed by the program: no "discard what you typed?" question
        for shown in (self.overlay, self.front):
            if shown is not None:
                shown.hide()
        self.uninstall()
        self.window.close()

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
            front.deactivated.connect(self.shut_out)
            front.quit.connect(self.quit)
            front.intro.setText(self.overlay.intro.text())  # why, as the cover says
            if self.overlay.shut:
                front.shut_out()
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
