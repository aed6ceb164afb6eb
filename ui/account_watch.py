"""The window's account as it is now: an admin may deactivate it, or give it another role, while
its window is open. The pages read with the user the window was opened for, so the window notices
the change and acts on it, before a page reads more with the old role:

- deactivated: the window is locked with those words (ui/idle.py's lock, its Quit button in place
  of the password); everything under it stays as it was, nothing is saved any more;
- another role: the window is opened again for it (ui/commands.py's relaunch: same page, open case
  and geometry), and a box says the new role; a case open that the new role may not see is not
  opened again, and the box says so (QA s47 O #2: the new window said the refusal in red).

It looks on the minute's timer (ui/day_watch.py), on input to the window (at most every few
seconds), when a page is brought up, before the pages refresh after a change (ui/signals.py),
when the window gets the keys back (a dialog or a box closed: a refused save), and after the idle
lock is lifted. Never while a modal dialog is open (what was typed there stays; a save from it is
refused by the core, in words that say why: a refusal from the window's sessions is reworded to
say the role changed, `reword`, QA s47 O #5), nor under the lock."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.auth import role_changed
from app.errors import CasedeskError, DatabaseError, PermissionDenied
from app.i18n import sentences
from app.i18n import tr as _
from app.models import Role, User
from app.queries.case_page import may_open
from ui import labels, std_buttons

if TYPE_CHECKING:
    from ui.main_window import MainWindow

INPUT_EVERY_S = 3.0  # input looks again at most this often (one small query)
_INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress})
SAME, DEACTIVATED, NEW_ROLE = "same", "deactivated", "role"


class AccountWatch(QObject):
    """Owned by the main window; `check()` looks now and acts, `box` is the last role box."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.acting = False  # the window is being locked or re-created: nothing more to do
        self.box: QMessageBox | None = None
        self._looked = 0.0
        window.day_watch.timer.timeout.connect(self.check)
        window.idle_lock.unlocked.connect(self.check)
        window.hub.guard = self.pages_may_read
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusWindowChanged.connect(self._focus_window)
        app.installEventFilter(self)
        window.database.reword_refusal = self.reword  # the window's saves, dialogs' too
        self.installed = True

    def uninstall(self) -> None:
        """Look no more (the window closes, or is re-created); once."""
        app = QApplication.instance()
        if self.installed and isinstance(app, QApplication):
            self.installed = False
            app.removeEventFilter(self)
            app.focusWindowChanged.disconnect(self._focus_window)
        database = self.window.database
        if database.reword_refusal == self.reword:  # not the re-created window's
            database.reword_refusal = None

    # --- what the account is now ----------------------------------------------------------
    def state(self) -> tuple[str, Role | None]:
        """SAME, DEACTIVATED, or NEW_ROLE with the role; SAME when the file cannot be read (a
        file gone is said elsewhere)."""
        user = self.window.user
        try:
            with self.window.database.sessions() as session:
                row = session.execute(
                    select(User.role, User.active).where(User.id == user.id)
                ).one_or_none()
        except (SQLAlchemyError, OSError, DatabaseError):  # a file or server gone: said elsewhere
            return SAME, None
        if row is None or not row.active:
            return DEACTIVATED, None
        if row.role is not user.role:
            return NEW_ROLE, row.role
        return SAME, None

    def _may_act(self) -> bool:
        """Not now: already acting, the window closing, locked, or a modal dialog open."""
        window = self.window
        return not (
            self.acting
            or getattr(window, "closing", False)
            or not window.isVisible()
            or window.idle_lock.is_locked()
            or QApplication.activeModalWidget() is not None
        )

    def check(self) -> bool:
        """Look now, and act when the account changed; True if the window was locked or is being
        re-created (the caller reads no more with the old role)."""
        if self.acting:
            return True
        if not self._may_act():
            return False
        self._looked = time.monotonic()
        what, role = self.state()
        if what == SAME:
            return False
        self.acting = True
        if what == DEACTIVATED:
            self._shut_out()
        else:
            assert role is not None
            QTimer.singleShot(0, self.window, lambda: self._reopen(role))
        return True

    def pages_may_read(self) -> bool:
        """The hub's guard before the pages refresh: False when the account changed (the window
        is locked, or re-created for the new role and read afresh, now or once the dialog open
        closes)."""
        if self.acting:
            return False
        if self.state()[0] == SAME:
            return True
        self.check()
        return False

    def reword(self, refusal: PermissionDenied) -> CasedeskError:
        """A refusal as the window says it: in the old role's words it would not say why when an
        admin changed the role meanwhile (a dialog open through it, whose text stays), so it says
        that; a deactivated account's refusal says so already."""
        what, role = self.state()
        if what != NEW_ROLE or role is None:
            return refusal
        return role_changed(refusal, role)

    # --- acting -----------------------------------------------------------------------------
    def _shut_out(self) -> None:
        """Lock the window, saying the account was deactivated; Quit is the way on."""
        self.window.idle_lock.shut_out()
        self.acting = False  # locked: the lock has it now

    def _reopen(self, role: Role) -> None:
        """The window again for `role`, then a box saying so (over the new window)."""
        window = self.window
        if getattr(window, "closing", False):
            return
        with window.database.sessions() as session:
            fresh = session.get(User, window.user.id)
            assert fresh is not None
            session.expunge(fresh)
        window.user = fresh
        open_case = self._open_case()
        with window.database.sessions() as session:
            hidden = open_case is not None and not may_open(session, fresh, open_case)
        new = window.relaunch(keep_case=not hidden)
        text = _(
            "An admin changed your role to {role}. Casedesk opened its window again for that "
            "role: its pages now show what that role may see and do.",
            role=labels.label(labels.ROLE, role.value),
        )
        if hidden:
            text = sentences(
                [
                    text,
                    _(
                        "The Cases page no longer shows case {case}: your new role may not see it.",
                        case=open_case,
                    ),
                ]
            )
        box = std_buttons.message_box(
            std_buttons.Icon.Information, _("Your role changed"), text, parent=new
        )
        box.setObjectName("RoleChangedBox")
        new.account_watch.box = box
        box.open()  # window-modal, not blocking: the new window is there under it

    def _open_case(self) -> str | None:
        """The number of the case open on the Cases page, if one is."""
        detail = getattr(self.window.built.get("cases"), "detail", None)
        return detail.case_no if detail is not None else None

    # --- when to look -------------------------------------------------------------------------
    def _focus_window(self, focused: QWindow | None) -> None:
        """The window has the keys again (a dialog or box closed): look, once it settled."""
        handle = self.window.windowHandle()
        if focused is not None and focused is handle:
            QTimer.singleShot(0, self, self.check)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """A click or key in the window looks first (at most every few seconds); when the
        account changed, that input goes no further."""
        if event.type() not in _INPUT or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window or self.acting:
            return self.acting and watched.window() is self.window
        if time.monotonic() - self._looked < INPUT_EVERY_S:
            return False
        return self.check()
