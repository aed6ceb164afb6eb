"""The Users dialog (admin): every account with its role and state, and the admin's actions on
one: add an account, reset its password, unlock it, change its role, deactivate or activate it.
Each goes through app.accounts in one transaction; a refusal shows in the dialog's error line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.account_handover import Handover, after_words, before_words, held_by
from app.accounts import (
    NOT_OWN_DEACTIVATE,
    NOT_OWN_ROLE,
    AccountRow,
    account_rows,
    activate_user,
    change_role,
    deactivate_user,
    unlock_user,
)
from app.concurrency import StaleEdit
from app.errors import CasedeskError
from app.i18n import Counted, sentences
from app.i18n import tr as _
from app.models import Role, User
from db.store import Database
from ui import labels, std_buttons
from ui.confirm import ask_first
from ui.dialogs.account_forms import NewAccountDialog, NewPasswordDialog
from ui.dialogs.base import run_modal
from ui.focus import focus_returns
from ui.queue_columns import when
from ui.screen_fit import fit_on_screen
from ui.widgets import ERROR_ROLE, OK_ROLE, detail_table, fill_table, inline_label

HEADERS = ("User name", "Name", "Role", "State", "Last login")
__all__ = ["NewAccountDialog", "NewPasswordDialog", "UsersDialog", "state_text"]


def state_text(row: AccountRow) -> str:
    if not row.active:
        return _("Inactive")
    if row.locked:
        return _("Locked")
    # An admin set the password (added or reset): its owner has not chosen their own yet.
    return _("Must change password") if row.must_change_password else _("Can log in")


class UsersDialog(QDialog):
    """The accounts and what an admin does with one; `changed` once anything was saved."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.user = database, user
        self.changed = False
        self.rows: list[AccountRow] = []
        self.setWindowTitle(_("Users"))
        self.setObjectName("UsersDialog")
        self.table = detail_table(HEADERS)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.status = inline_label("status", OK_ROLE)
        self.error = inline_label("error", ERROR_ROLE)
        self.add_button = self._button(_("Add…"), self.add)
        self.reset_button = self._button(_("Reset password…"), self.reset)
        self.unlock_button = self._button(_("Unlock"), self.unlock)
        self.role_button = self._button(_("Change role…"), self.change_role)
        self.deactivate_button = self._button(_("Deactivate…"), self.deactivate)
        self.activate_button = self._button(_("Activate"), self.activate)
        bar = QHBoxLayout()
        for button in (
            self.add_button,
            self.reset_button,
            self.unlock_button,
            self.role_button,
            self.deactivate_button,
            self.activate_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        fit_on_screen(self, 820, 480)
        self.reload()

    def _button(self, text: str, run: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: run())
        return button

    # --- the list ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Read the accounts again, keeping (or moving to) the selected one."""
        keep = select or self.selected_name()
        try:
            with self.database.sessions() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                self.rows = account_rows(session, actor)
        except CasedeskError as error:
            self.rows = []
            self._say(error.translated(), error=True)
        fill_table(
            self.table,
            [
                (
                    r.username,
                    r.display_name,
                    labels.label(labels.ROLE, r.role),
                    state_text(r),
                    when(_aware(r.last_login_at)) if r.last_login_at else _("Never logged in"),
                )
                for r in self.rows
            ],
        )
        names = [r.username for r in self.rows]
        if keep in names:
            self.table.selectRow(names.index(keep))
        self._update_buttons()

    def selected(self) -> AccountRow | None:
        row = self.table.currentRow()
        chosen = (
            self.table.selectionModel().hasSelection() if self.table.selectionModel() else False
        )
        return self.rows[row] if chosen and 0 <= row < len(self.rows) else None

    def selected_name(self) -> str | None:
        row = self.selected()
        return row.username if row else None

    def select(self, username: str) -> bool:
        names = [r.username for r in self.rows]
        if username not in names:
            return False
        self.table.selectRow(names.index(username))
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        other = row is not None and row.username != self.user.username
        self.reset_button.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and row.locked)
        inactive = row is not None and not row.active
        # A deactivated account's role waits until it is activated again (found by QA: the
        # button stayed enabled and the change went through on an account nobody uses).
        self.role_button.setEnabled(other and not inactive)
        own = row is not None and not other  # greyed with the core's reason (QA s47 M #6)
        self.role_button.setToolTip(
            _(NOT_OWN_ROLE)
            if own
            else _("Activate the account first to change its role.")
            if other and inactive
            else ""
        )
        self.deactivate_button.setEnabled(other and row is not None and row.active)
        self.deactivate_button.setToolTip(_(NOT_OWN_DEACTIVATE) if own else "")
        self.activate_button.setEnabled(row is not None and not row.active)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setVisible(bool(text) and not error)
        self.error.setVisible(bool(text) and error)
        (self.error if error else self.status).setText(text)

    def _act(self, work: Callable[[Session, User], object], done: str, name: str) -> bool:
        """`work(session, admin)` in one transaction; the list reloads and says how it went."""
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                work(session, actor)
        except CasedeskError as error:
            if isinstance(error, StaleEdit):
                self.reload(name)  # shown as it is now, for the admin to decide again
            self._say(error.translated(), error=True)
            return False
        self.changed = True
        self.reload(name)
        self._say(done)
        return True

    # --- the actions --------------------------------------------------------------------------
    def add(self) -> str | None:
        dialog = NewAccountDialog(self.database, self.user, self)
        added = run_modal(dialog, lambda: dialog.saved)
        if added:
            self.changed = True
            self.reload(added)
            self._say(
                sentences(
                    [
                        _("Added {name}.", name=added),
                        _("They choose their own at their first login."),
                    ]
                )
            )
        return added

    def reset(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        dialog = NewPasswordDialog(
            self.database, self.user, row.username, self, seen=row.admin_mark
        )
        active = run_modal(dialog, lambda: dialog.saved)
        if active is None:
            if dialog.went_stale is not None:  # another admin changed it: shown as it is now
                self.reload(row.username)
                self._say(dialog.went_stale.translated(), error=True)
            return False
        self.changed = True
        self.reload(row.username)
        theirs = row.username != self.user.username
        self._say(
            sentences(
                [
                    _("Set a new password for {name}; the account is unlocked.", name=row.username)
                    if active
                    else _(
                        "Set a new password for {name}; the account stays inactive until you "
                        "activate it.",
                        name=row.username,
                    ),
                    _("They choose their own at their next login.") if theirs else "",
                ]
            )
        )
        return True

    def unlock(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        return self._act(
            lambda s, a: unlock_user(s, a, row.username, seen=row.admin_mark),
            _("Unlocked {name}.", name=row.username),
            row.username,
        )

    def change_role(self, role: str | None = None, confirm: bool = True) -> bool:
        row = self.selected()
        if row is None:
            return False
        if role is None:
            names = [labels.label(labels.ROLE, r.value) for r in Role]
            current = [r.value for r in Role].index(row.role)
            with focus_returns(self):  # the keys back where they were (ui/focus.py)
                chosen, ok = std_buttons.get_item(
                    self,
                    _("Change role"),
                    _("The role of {name}:", name=row.username),
                    names,
                    current,
                )
            if not ok:
                return False
            role = list(Role)[names.index(chosen)].value
        shown = labels.label(labels.ROLE, role)
        if confirm and row.role == Role.AGENT.value and role != Role.AGENT.value:
            if not self._confirm_no_longer_agent(row.username, shown):
                return False
        visits: list[int] = []
        if not self._act(
            # As the list showed it: another admin's change since is refused, not overwritten.
            lambda s, a: visits.append(
                change_role(s, a, row.username, role, expected_role=row.role)
            ),
            "",
            row.username,
        ):
            return False
        done = _("{name} is now {role}.", name=row.username, role=shown)
        # No longer an agent: the booked visits they are on need a new team (as deactivating).
        self._say(sentences([done, after_words(Handover(visits=visits[0]))]))
        return True

    def _confirm_no_longer_agent(self, username: str, shown: str) -> bool:
        """An agent given another role keeps their open cases: ask, saying so (found by QA: an
        agent was made a supervisor without a word)."""
        with self.database.sessions() as session:
            held = held_by(session, username)
        words = [_("Give {name} the role {role}?", name=username, role=shown)]
        if held.cases:
            words.append(
                _(
                    "Their {cases} stay with them: a supervisor can hand them back to the queue "
                    "or move them to other agents by rule (Work queue → Assign by rule…).",
                    cases=Counted(held.cases, "{count} open case", "{count} open cases"),
                )
            )
        if held.visits:  # they may no longer go on them (app/visits/team_gone.py)
            words.append(before_words(Handover(visits=held.visits)))
        return ask_first(self, _("Change role"), sentences(words))

    def deactivate(self, confirm: bool = True) -> bool:
        row = self.selected()
        if row is None:
            return False
        if confirm:
            with self.database.sessions() as session:
                held = held_by(session, row.username)
            agreed = ask_first(
                self,
                _("Deactivate"),
                sentences(
                    [
                        _(
                            "Deactivate {name}? The account can no longer log in; its history "
                            "stays, and you can activate it again.",
                            name=row.username,
                        ),
                        before_words(held),
                    ]
                ),
            )
            if not agreed:
                return False
        done: list[Handover] = []
        if not self._act(
            lambda s, a: done.append(deactivate_user(s, a, row.username, seen=row.admin_mark)),
            "",
            row.username,
        ):
            return False
        self._say(
            sentences(
                [
                    _("Deactivated {name}; the account can no longer log in.", name=row.username),
                    after_words(done[0]),
                ]
            )
        )
        return True

    def activate(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        return self._act(
            lambda s, a: activate_user(s, a, row.username, seen=row.admin_mark),
            _("Activated {name}; the account can log in again.", name=row.username),
            row.username,
        )

    @classmethod
    def manage(cls, parent: QWidget | None, database: Database, user: User) -> bool:
        """Run the dialog; True when an account was changed."""
        dialog = cls(database, user, parent)
        run_modal(dialog, lambda: None)
        return dialog.changed


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
