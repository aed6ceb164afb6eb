"""The main window: a side bar of pages, the pages in a stack, who is logged in below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.auth import Permission, can
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui import labels
from ui.accessible import describe_once, name_lists
from ui.account_watch import AccountWatch
from ui.actions import install as install_actions
from ui.actions import remember_table
from ui.case_menu import follow_case_page
from ui.commands import WindowCommands
from ui.day_watch import DayWatch
from ui.dialogs.password import PasswordDialog
from ui.elided_label import ElidedLabel
from ui.focus import focus_first
from ui.identity import APPLICATION as APPLICATION
from ui.identity import ORGANISATION as ORGANISATION
from ui.idle import IdleLock
from ui.page_list import PAGE_TITLES, PAGES, START_PAGE, PageSpec  # noqa: F401 - re-exported
from ui.restored_words import restored_text
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub

# Splitter positions remembered: the QSettings key, the page and the page's splitter.
SPLITTERS = {
    "borrowers_splitter": ("borrowers", "splitter"),
    "loans_splitter": ("loans", "splitter"),
    "case_splitter": ("cases", "splitter"),
    "agreements_splitter": ("agreements", "splitter"),  # the list above the selected one
    "agreements_detail_splitter": ("agreements", "detail_splitter"),  # summary beside plan
}


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class _Page:
    """`window.queue` and friends: the page, built on first access; None for a page the user's
    role does not have."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: Any, owner: type | None = None) -> Any:
        if window is None:
            return self
        return window.page(self.name)


class MainWindow(WindowCommands, QMainWindow):
    """Side bar + stacked pages; each page is built once, when first needed, and then refreshes
    on `hub.changed`."""

    dashboard = _Page()
    queue = _Page()
    cases = _Page()
    borrowers = _Page()
    loans = _Page()
    compliance_log = _Page()
    complaints = _Page()
    rules = _Page()
    audit = _Page()
    training = _Page()
    agreements = _Page()
    visits = _Page()
    reports = _Page()

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.hub = ChangeHub(self)
        self.setWindowTitle(_("Casedesk — {name}", name=database.short_name))
        self.specs = [s for s in PAGES if s.needs is None or can(user, s.needs)]
        self.page_names = [s.name for s in self.specs]
        self.built: dict[str, QWidget] = {}
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(_("Pages"))  # a screen reader said "list" and no more
        for spec in self.specs:
            self.stack.addWidget(QWidget())  # stands in for the page until it is first shown
            QListWidgetItem(_(spec.title), self.sidebar)
        start = self.page_names.index(START_PAGE) if START_PAGE in self.page_names else 0
        self.sidebar.setCurrentRow(start)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.sidebar.setStyleSheet("QListWidget#sidebar::item { padding: 8px 12px; }")
        self.sidebar.setFixedWidth(max(self.sidebar.sizeHintForColumn(0) + 32, 120))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        role = labels.label(labels.ROLE, user.role.value)
        self.user_label = ElidedLabel(_("{user} ({role})", user=user.display_name, role=role), 280)
        # At most about 55 characters: on a 1024-pixel laptop the admin's four buttons and who
        # is logged in keep their place; the whole path is its tooltip.
        self.path_label = ElidedLabel(database.shown, 360)
        self.password_button = QPushButton(_("Change password…"))
        self.password_button.clicked.connect(self.change_password)
        self.restored: object | None = None  # set after a restore: the window then closes
        self.backups_button = QPushButton(_("Backups…"))
        self.backups_button.clicked.connect(lambda: self.open_backups())
        self.import_button = QPushButton(_("Import data…"))
        self.import_button.clicked.connect(lambda: self.open_import())
        self.users_button = QPushButton(_("Users…"))
        self.users_button.clicked.connect(lambda: self.open_users())
        # Who is logged in and where stay at the right, always in view: a temporary message
        # ("Making the daily backup…") is drawn left of them. The buttons make way for it.
        bar = self.statusBar()
        self.bar_buttons = [
            (self.password_button, True),
            (self.backups_button, can(user, Permission.MANAGE_BACKUPS)),
            (self.import_button, can(user, Permission.IMPORT_DATA)),
            (self.users_button, can(user, Permission.MANAGE_USERS)),
        ]
        for button, _allowed in self.bar_buttons:
            bar.addWidget(button)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.path_label)
        bar.messageChanged.connect(self._make_way)
        self._make_way("")
        fit_on_screen(self, 1366, 768)
        self._restore_geometry()
        self.idle_lock = IdleLock(self)  # covers the window after the office's idle minutes
        self.day_watch = DayWatch(self)  # past the office's midnight: the new day's work
        self.account_watch = AccountWatch(self)  # deactivated or given another role meanwhile
        self.command_actions = install_actions(self)  # menus, shortcuts, icons (ui/actions.py)
        self._show_row(self.sidebar.currentRow())

    # --- pages, built when first needed ---------------------------------------------------
    def page(self, name: str) -> Any:
        """The page called `name`, built now if it was not yet; None if the role lacks it."""
        built = self.built.get(name)
        if built is not None or name not in self.page_names:
            return built
        spec = self.specs[self.page_names.index(name)]
        page: Any = self._build(spec)  # the page's class is imported by name
        row = self.page_names.index(name)
        stand_in = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, page)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        self.stack.setCurrentIndex(current)
        self.built[name] = page
        name_lists(page, self.sidebar.item(row).text())
        describe_once(page)
        remember_table(page, name)
        for key, (owner, attribute) in SPLITTERS.items():
            state = settings().value(f"main_window/{key}") if owner == name else None
            if state is not None:
                getattr(page, attribute).restoreState(state)
        return page

    def _build(self, spec: PageSpec) -> QWidget:
        from importlib import import_module

        cls = getattr(import_module(f"ui.pages.{spec.module}"), spec.cls)
        args = (self.database, self.hub, self.user) if spec.with_user else (self.database, self.hub)
        page: Any = cls(*args)
        wiring: dict[str, Callable[[Any], None]] = {
            "dashboard": lambda p: p.open_list.connect(self.open_list),
            "queue": lambda p: p.open_case.connect(self.open_case),
            "cases": lambda p: follow_case_page(self, p),
            "rules": self.wire_rules,
            "borrowers": self._wire_borrowers,
            "loans": self._wire_loans,
        }
        if spec.name in wiring:
            wiring[spec.name](page)
        return page

    def _wire_loans(self, page: Any) -> None:
        page.export_button.set_user(self.user)
        page.detail.case_activated.connect(self.open_case)

    def _wire_borrowers(self, page: Any) -> None:
        page.open_loan.connect(self.open_loan)
        page.detail.enable_reveal(self.database, self.user)
        page.export_button.set_user(self.user)

    def _show_row(self, row: int) -> None:
        watch: AccountWatch | None = getattr(self, "account_watch", None)
        if watch is not None and watch.check():
            return  # the account changed: no page reads with its old role
        if 0 <= row < len(self.page_names):
            # Moving along the side bar keeps the keys there; a page brought up otherwise (at
            # start, Ctrl+2, the palette) gives them to its list, where its work is.
            browsing = self.focusWidget() is self.sidebar
            page = self.page(self.page_names[row])
            self.stack.setCurrentIndex(self.stack.indexOf(page))
            if not browsing:
                focus_first(page)

    def show_page(self, page: QWidget) -> None:
        """Bring `page` to the front and mark it in the side bar."""
        self.sidebar.setCurrentRow(self.stack.indexOf(page))

    def open_loan(self, loan_id: int) -> None:
        """Switch to the Loans page with `loan_id` selected."""
        self.show_page(self.loans)
        self.loans.show_loan(loan_id)

    def open_case(self, case_id: int) -> None:
        """Switch to the case page showing `case_id`."""
        if "queue" in self.built and self.stack.currentWidget() is self.built["queue"]:
            self.queue.come_back.leaving_for(case_id)  # back on it, the next case is current
        self.show_page(self.cases)
        self.cases.open_from_list(case_id)

    def open_import(self) -> object | None:
        """(admin) Import borrowers, loans, payments or training; the pages then refresh."""
        from ui.dialogs.import_data import ImportDialog, changed_entities

        report = ImportDialog.run(self, self.database, self.user)
        if report is not None:
            self.hub.announce(*changed_entities(report))
        return report

    def open_users(self) -> bool:
        """(admin) The Users dialog; the pages that name agents, or show cases, refresh after a
        change (a deactivated agent's open cases went back to the queue unassigned)."""
        from ui.dialogs.users import UsersDialog

        changed = UsersDialog.manage(self, self.database, self.user)
        if changed:
            self.hub.announce("user", "case")
        return changed

    def open_backups(self) -> object | None:
        """(admin) The Backups dialog; after a restore the window closes: its data was replaced."""
        from ui import std_buttons
        from ui.dialogs.backups import BackupsDialog

        restored = BackupsDialog.manage(self, self.database, self.user)
        if restored is not None:
            self.restored = restored
            std_buttons.information(self, _("Backups"), restored_text(restored))
            self.close()
        return restored

    def change_password(self) -> bool:
        """The logged-in user changes their own password."""
        return PasswordDialog.change(self, self.database, self.user)

    def _make_way(self, message: str) -> None:
        """The status bar's buttons hide while a temporary message shows, and come back after.

        Qt hides them itself only when they are visible as the message comes: one set before
        the window first showed (the daily backup's, at start) was drawn over them.
        """
        for button, allowed in self.bar_buttons:
            button.setVisible(allowed and not message)

    def _restore_geometry(self) -> None:
        geometry = settings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def save_state(self) -> None:
        """Remember geometry and the splitter positions of the pages that were opened."""
        store = settings()
        store.setValue("main_window/geometry", self.saveGeometry())
        for name, splitter in self._splitters().items():
            store.setValue(f"main_window/{name}", splitter.saveState())
        store.sync()

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            key: getattr(self.page(owner), attribute)
            for key, (owner, attribute) in SPLITTERS.items()
            if owner in self.built
        }

    def start_daily_backup(self) -> None:
        """The daily backup (if none today) off the GUI thread; the status bar says how it went."""
        from ui.daily import backup_job
        from ui.dialogs.restore_worker import RestoreWorker

        if any(w.isRunning() for w in self.findChildren(RestoreWorker)):
            return  # the file is being replaced: no backup of it now (one is made at close)
        self.backup_job = backup_job(self.database, self)
        self.backup_job.finished_with.connect(self._daily_backup_done)
        self.statusBar().showMessage(_("Making the daily backup…"))
        self.backup_job.start()

    def _daily_backup_done(self, result: object, error: str) -> None:
        if error:
            self.statusBar().clearMessage()
            from ui import std_buttons

            std_buttons.warning(
                self, _("Backups"), _("The daily backup failed: {error}", error=error)
            )
        elif result is not None:
            self.statusBar().showMessage(_("Daily backup made and verified."), 10_000)
        else:
            self.statusBar().clearMessage()

    def start_daily_rebuild(self, then: Callable[[], None] | None = None) -> None:
        """Bring the queue up to date for the day if it is not (off the GUI thread); `then`, once
        it is done, unless the window is closing by then."""
        from ui.daily import rebuild_job

        self.rebuild_job = rebuild_job(self.database, self)
        self.rebuild_job.finished_with.connect(self._daily_rebuild_done)
        if then is not None:
            self.rebuild_job.finished_with.connect(
                lambda *_done: None if getattr(self, "closing", False) else then()
            )
        self.rebuild_job.start()

    def _daily_rebuild_done(self, summary: object, error: str) -> None:
        if error:
            self.statusBar().showMessage(_("The rebuild failed: {error}", error=error), 30_000)
        elif summary is not None:
            from app.cases.daily import summary_text

            self.statusBar().showMessage(summary_text(summary), 15_000)  # type: ignore[arg-type]
            self.hub.announce("case")

    def wait_for_backup(self) -> None:
        """Before closing: let a running daily backup finish (a half-written one is no backup)."""
        rebuild = getattr(self, "rebuild_job", None)
        if rebuild is not None:
            rebuild.wait()  # a transaction: it commits or rolls back in moments, then we go
            QApplication.processEvents()  # its news, and what waited for it (the daily backup)
        job = getattr(self, "backup_job", None)
        if job is None or not job.isRunning():
            return
        from PySide6.QtWidgets import QProgressDialog

        busy = QProgressDialog(_("Finishing the daily backup…"), "", 0, 0, self)
        busy.setCancelButton(None)
        busy.setMinimumDuration(0)
        busy.show()
        while not job.wait(50):
            QApplication.processEvents()
        busy.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.closing = True  # nothing more is started (the backup at close is app.finish's)
        self.account_watch.uninstall()
        self.day_watch.stop()
        self.save_state()
        self.wait_for_backup()
        super().closeEvent(event)
