"""Every command of the main window, declared once (Picard's actions.py): title, shortcut, icon,
menu. `install(window)` creates the QActions, the menu bar, the side bar's icons and shortcuts;
the command palette (Ctrl+K) and the menus run the same QActions.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from app.auth import Permission, can
from app.i18n import tr as _
from ui.colours import hex_of, on_scheme_change
from ui.mnemonic_text import mnemonic, with_mnemonic
from ui.mnemonic_text import plain as text_without_mnemonic

if TYPE_CHECKING:
    from ui.main_window import MainWindow

os.environ.setdefault("QT_API", "pyside6")  # qtawesome goes through qtpy: use our binding


@dataclass(frozen=True)
class Spec:
    """How an action looks: title msgid, shortcut, icon name (qtawesome), menu, page attribute."""

    title: str
    shortcut: str | None
    icon: str | None
    menu: str
    page: str | None = None  # for "go to" actions: the MainWindow attribute holding the page


class Action(enum.Enum):
    GO_DASHBOARD = Spec("Dashboard", None, "fa5s.tachometer-alt", "go", "dashboard")
    GO_QUEUE = Spec("Work queue", None, "fa5s.list-ol", "go", "queue")
    GO_CASES = Spec("Cases", None, "fa5s.folder-open", "go", "cases")
    GO_BORROWERS = Spec("Borrowers", None, "fa5s.users", "go", "borrowers")
    GO_LOANS = Spec("Loans", None, "fa5s.file-invoice-dollar", "go", "loans")
    GO_VISITS = Spec("Visits", None, "fa5s.car", "go", "visits")
    GO_AGREEMENTS = Spec("Agreements", None, "fa5s.file-signature", "go", "agreements")
    GO_COMPLIANCE_LOG = Spec("Compliance log", None, "fa5s.clipboard-check", "go", "compliance_log")
    GO_COMPLAINTS = Spec("Complaints", None, "fa5s.exclamation-triangle", "go", "complaints")
    GO_RULES = Spec("Rules", None, "fa5s.balance-scale", "go", "rules")
    GO_REPORTS = Spec("Reports", None, "fa5s.chart-bar", "go", "reports")
    GO_AUDIT = Spec("Audit", None, "fa5s.history", "go", "audit")
    GO_TRAINING = Spec("Agents & training", None, "fa5s.user-graduate", "go", "training")
    SEARCH = Spec("Search", "Ctrl+F", "fa5s.search", "edit")
    REFRESH = Spec("Refresh", "F5", "fa5s.sync-alt", "edit")
    LOG_CONTACT = Spec("Log contact…", "Ctrl+Shift+L", "fa5s.phone", "case")
    POST_PAYMENT = Spec("Post payment…", "Ctrl+Shift+P", "fa5s.money-bill-wave", "case")
    # An agent's day on a case: the case page's buttons have Alt+letters, but from the queue or
    # any page the keys reached only Log contact and Post payment (no visit from the palette).
    BOOK_VISIT = Spec("Book visit…", "Ctrl+Shift+B", "fa5s.car", "case")
    CASE_NOTE = Spec("Add note…", "Ctrl+Shift+N", "fa5s.sticky-note", "case")
    CASE_AUDIT = Spec("Audit trail of this case", None, "fa5s.history", "case")
    PALETTE = Spec("Command palette…", "Ctrl+K", "fa5s.terminal", "edit")
    # The Work queue's last bulk assignment (ui/pages/queue_undo.py): no Ctrl+Z, a text box's own.
    UNDO_ASSIGNMENT = Spec("Undo last assignment", None, "fa5s.undo", "edit")
    SETTINGS = Spec("Settings…", "Ctrl+,", "fa5s.cog", "file")
    CHANGE_PASSWORD = Spec("Change password…", None, "fa5s.key", "file")
    LOCK = Spec("Lock", "Ctrl+L", "fa5s.lock", "file")
    QUIT = Spec("Quit", "Ctrl+Q", "fa5s.sign-out-alt", "file")
    SHORTCUTS = Spec("Keyboard shortcuts…", "Ctrl+/", "fa5s.keyboard", "help")
    LICENCES = Spec("Third-party licences…", None, "fa5s.file-contract", "help")
    ABOUT = Spec("About Casedesk…", None, "fa5s.info-circle", "help")


# Help comes last, as on every platform.
MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("go", "&Go"),
    ("case", "&Case"),
    ("help", "&Help"),
)
PAGE_SHORTCUTS = 9  # Ctrl+1 … Ctrl+9 for the first nine side-bar pages
# Icons for side-bar pages other modules add without an Action of their own (by attribute).
EXTRA_ICONS = dict(
    backups="fa5s.database",
    backups_button="fa5s.database",
    import_button="fa5s.file-import",
    users_button="fa5s.user-cog",
)
FALLBACK_ICON = "fa5s.circle"


def icon(name: str | None) -> QIcon:
    """A qtawesome icon, or an empty icon when the set is unavailable."""
    if not name:
        return QIcon()
    try:
        import qtawesome

        return qtawesome.icon(name, color=hex_of("icon"))  # light in a dark scheme
    except Exception:  # an icon font that cannot load must not stop the window
        return QIcon()


def plain(title: str) -> str:
    """A menu title without its mnemonic ("&Settings…", "设置(&S)…") and ellipsis, for the
    palette's matching ("&&" is the title's own "&")."""
    return text_without_mnemonic(title).rstrip("…").strip()


def letter_items(actions: list[QAction]) -> None:
    """Each of a menu's `actions` a mnemonic of its own, one it had kept (a menu built again)."""
    items = [a for a in actions if not a.isSeparator()]
    taken = {m for a in items if (m := mnemonic(a.text()))}
    for action in items:
        given = None if mnemonic(action.text()) else with_mnemonic(action.text(), taken)
        if given is not None:
            action.setText(given)


def _page_attribute(window: MainWindow, widget: QWidget) -> str | None:
    for name, value in vars(window).items():
        if value is widget and not name.startswith("_"):
            return name
    return None


class Actions:
    """The window's actions by enum, plus one "go to" action per side-bar page."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.by_id: dict[Action, QAction] = {}
        self.pages: list[QAction] = []  # in side-bar order
        # What gets which icon: set after the window's first paint (loading the icon font and
        # drawing some thirty icons is work nobody should wait for at start).
        self.icons: list[tuple[QAction | QListWidgetItem | QPushButton, str | None]] = []
        handlers: dict[Action, Callable[[], object]] = {
            Action.SEARCH: window.focus_search,
            Action.REFRESH: window.refresh_all,
            Action.LOG_CONTACT: window.log_contact,
            Action.POST_PAYMENT: window.post_payment,
            Action.PALETTE: window.show_palette,
            Action.SETTINGS: window.open_settings,
            Action.CHANGE_PASSWORD: window.change_password,
            Action.LOCK: window.lock,
            Action.QUIT: window.close,
            Action.SHORTCUTS: window.show_shortcuts,
            Action.LICENCES: window.show_licences,
            Action.ABOUT: window.show_about,
        }
        if can(window.user, Permission.BOOK_VISITS):
            handlers[Action.BOOK_VISIT] = window.book_visit
        if can(window.user, Permission.ADD_CASE_NOTES):
            handlers[Action.CASE_NOTE] = window.case_note
        if "audit" in window.page_names:  # who may read the audit trail (supervisor, admin)
            handlers[Action.CASE_AUDIT] = window.case_audit_trail
        if can(window.user, Permission.ASSIGN_CASES):
            from ui.pages.queue_undo import undo_last_assignment

            handlers[Action.UNDO_ASSIGNMENT] = partial(undo_last_assignment, window)
        for action, run in handlers.items():
            self.by_id[action] = self._make(action.value.title, action.value, run)
        if Action.UNDO_ASSIGNMENT in self.by_id:  # until the queue has an assignment to undo
            self.by_id[Action.UNDO_ASSIGNMENT].setEnabled(False)
        # macOS moves About to the application menu, as it does Settings… and Quit by their titles.
        self.by_id[Action.ABOUT].setMenuRole(QAction.MenuRole.AboutRole)
        self._page_actions()
        self.buttons: list[QAction] = []  # status-bar buttons other modules add (backups …)
        self._button_actions()

    def _make(self, title: str, spec: Spec | None, run: Callable[[], object]) -> QAction:
        # A "&" in a title is the title's own (Agents & training), not a mnemonic.
        action = QAction(_(title).replace("&", "&&"), self.window)
        self.icons.append((action, spec.icon if spec else None))
        action.setData(title)  # the msgid: the palette also matches the English words
        if spec is not None and spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: run())
        self.window.addAction(action)
        return action

    def _page_actions(self) -> None:
        w = self.window
        specs = {a.value.page: a for a in Action if a.value.page}
        for row, attribute in enumerate(w.page_names):  # pages are built when first shown
            item = w.sidebar.item(row)
            member = specs.get(attribute)
            spec = member.value if member else None
            title = spec.title if spec else item.text()
            name = spec.icon if spec else EXTRA_ICONS.get(attribute, FALLBACK_ICON)
            action = self._make(title, spec, partial(w.sidebar.setCurrentRow, row))
            if row < PAGE_SHORTCUTS:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            self.icons.append((item, name))
            if member is not None:
                self.by_id[member] = action
            self.pages.append(action)

    def _button_actions(self) -> None:
        """The status bar's buttons (backups, import …) as palette commands with icons."""
        w = self.window
        for button in w.statusBar().findChildren(QPushButton):
            if button is getattr(w, "password_button", None) or button.isHidden():
                continue
            name = _page_attribute(w, button) or ""
            action = QAction(button.text(), w)
            action.triggered.connect(lambda _checked=False, b=button: b.click())
            self.icons += [(action, EXTRA_ICONS.get(name)), (button, EXTRA_ICONS.get(name))]
            w.addAction(action)
            self.buttons.append(action)

    def all(self) -> list[QAction]:
        """Every action the palette offers: pages first, then the commands."""
        commands = [a for key, a in self.by_id.items() if key.value.page is None]
        return [*self.pages, *commands, *self.buttons]

    def build_menus(self) -> None:
        bar = self.window.menuBar()
        bar.clear()
        menus = {key: bar.addMenu(_(title)) for key, title in MENUS}
        for action in self.pages:
            menus["go"].addAction(action)
        for key, action in self.by_id.items():
            if key.value.page is None:
                menus[key.value.menu].addAction(action)
                if key is Action.CHANGE_PASSWORD:
                    for extra in self.buttons:
                        menus["file"].addAction(extra)
                if key in (Action.LOCK, Action.LICENCES):
                    menus[key.value.menu].addSeparator()
        menus["case"].setToolTipsVisible(True)  # why an action is greyed out (ui/case_menu.py)
        for menu in menus.values():  # Alt+G, then D for Dashboard: each item a letter of its own
            if sys.platform != "darwin":  # no Alt+letters there (ui/mnemonics.install)
                letter_items(menu.actions())

    def apply_icons(self) -> None:
        """Give every action, side-bar row and button its icon."""
        for target, name in self.icons:
            target.setIcon(icon(name))
        # The icons widen the side bar's rows: fit it again.
        bar_width = self.window.sidebar.sizeHintForColumn(0) + 32
        self.window.sidebar.setFixedWidth(max(bar_width, self.window.sidebar.width(), 120))


def install(window: MainWindow) -> Actions:
    """Create the actions, icons, shortcuts and menu bar of `window`."""
    from ui.case_menu import follow
    from ui.deferred import after_start

    actions = Actions(window)
    actions.build_menus()
    follow(window)
    # The icon font (qtawesome, about 0.2 s to load) comes last: after the first paint and after
    # whatever else was waiting for it, such as the start page's own follow-up work.
    after_start(window, actions.apply_icons)
    on_scheme_change(window, "command_actions.apply_icons")  # drawn in the scheme's icon colour
    return actions


def remember_table(page: QWidget, name: str) -> None:
    """A page's main lazy table keeps its widths, order and sort (ui/table_state.py)."""
    from ui.table_state import remember

    table = getattr(page, "table", None)
    if isinstance(table, QTableView) and not isinstance(table, QTableWidget):
        remember(table, name)


def focus_line_edit(widget: QWidget | None) -> bool:
    """Focus and select a page's search box; False when it has none."""
    box = getattr(widget, "search", None)
    if widget is not None and isinstance(box, QLineEdit) and box.isVisibleTo(widget):
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()
        return True
    return False
