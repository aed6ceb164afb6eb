"""The main window: a side bar of pages, the pages in a stack, who is logged in below."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
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
from ui.actions import install as install_actions
from ui.commands import WindowCommands
from ui.dialogs.password import PasswordDialog
from ui.idle import IdleLock
from ui.pages.agreements import AgreementsPage
from ui.pages.audit import AuditPage
from ui.pages.borrowers import BorrowersPage
from ui.pages.case_page import CasePage
from ui.pages.complaints import ComplaintsPage
from ui.pages.compliance_log import ComplianceLogPage
from ui.pages.dashboard import DashboardPage
from ui.pages.loans import LoansPage
from ui.pages.queue import QueuePage
from ui.pages.reports import ReportsPage
from ui.pages.rules import RulesPage
from ui.pages.training import TrainingPage
from ui.pages.visits import VisitsPage
from ui.signals import ChangeHub

ORGANISATION = "Casedesk"
APPLICATION = "Casedesk"
# Side bar order; later issues add their pages here.
PAGE_TITLES = ("Work queue", "Cases", "Borrowers", "Loans", "Compliance log", "Complaints")


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class MainWindow(WindowCommands, QMainWindow):
    """Side bar + stacked pages; each page is created once and refreshes on `hub.changed`."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.hub = ChangeHub(self)
        self.setWindowTitle(_("Casedesk — {name}", name=database.path.name))
        self.queue = QueuePage(database, self.hub, user)
        self.cases = CasePage(database, self.hub, user)
        self.queue.open_case.connect(self.open_case)
        self.borrowers = BorrowersPage(database, self.hub)
        self.loans = LoansPage(database, self.hub)
        self.borrowers.open_loan.connect(self.open_loan)
        self.borrowers.detail.enable_reveal(database, user)
        self.borrowers.export_button.set_user(user)
        self.loans.export_button.set_user(user)
        self.compliance_log = ComplianceLogPage(database, self.hub, user)
        self.complaints = ComplaintsPage(database, self.hub, user)
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.dashboard = DashboardPage(database, self.hub, user)  # the first page
        self.dashboard.open_list.connect(self.open_list)
        self.stack.addWidget(self.dashboard)
        QListWidgetItem(_("Dashboard"), self.sidebar)
        pages = (self.queue, self.cases, self.borrowers, self.loans)
        pages += (self.compliance_log, self.complaints)
        for page, title in zip(pages, PAGE_TITLES, strict=True):
            self.stack.addWidget(page)
            QListWidgetItem(_(title), self.sidebar)
        self.rules = RulesPage(database, self.hub, user)
        self.stack.addWidget(self.rules)
        QListWidgetItem(_("Rules"), self.sidebar)
        self.audit = (
            AuditPage(database, self.hub, user) if can(user, Permission.VIEW_AUDIT) else None
        )
        if self.audit is not None:
            self.stack.addWidget(self.audit)
            QListWidgetItem(_("Audit"), self.sidebar)
        self.training = TrainingPage(database, self.hub, user)
        self.stack.addWidget(self.training)
        QListWidgetItem(_("Agents & training"), self.sidebar)
        self.agreements = AgreementsPage(database, self.hub, user)
        self.stack.addWidget(self.agreements)
        QListWidgetItem(_("Agreements"), self.sidebar)
        self.visits = (
            VisitsPage(database, self.hub, user) if can(user, Permission.BOOK_VISITS) else None
        )
        if self.visits is not None:
            self.stack.addWidget(self.visits)
            QListWidgetItem(_("Visits"), self.sidebar)
        self.reports = (
            ReportsPage(database, self.hub, user) if can(user, Permission.PRINT_REPORTS) else None
        )
        if self.reports is not None:
            self.stack.addWidget(self.reports)
            QListWidgetItem(_("Reports"), self.sidebar)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)
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
        self.user_label = QLabel(_("{user} ({role})", user=user.display_name, role=role))
        self.path_label = QLabel(str(database.path))
        self.statusBar().addWidget(self.user_label)
        self.password_button = QPushButton(_("Change password…"))
        self.password_button.clicked.connect(self.change_password)
        self.statusBar().addWidget(self.password_button)
        self.restored: object | None = None  # set after a restore: the window then closes
        self.backups_button = QPushButton(_("Backups…"))
        self.backups_button.clicked.connect(lambda: self.open_backups())
        self.backups_button.setVisible(can(user, Permission.MANAGE_BACKUPS))
        self.statusBar().addWidget(self.backups_button)
        self.import_button = QPushButton(_("Import data…"))
        self.import_button.clicked.connect(lambda: self.open_import())
        self.import_button.setVisible(can(user, Permission.IMPORT_DATA))
        self.statusBar().addWidget(self.import_button)
        self.statusBar().addPermanentWidget(self.path_label)
        self.resize(1366, 768)
        self._restore_state()
        self.idle_lock = IdleLock(self)  # covers the window after the office's idle minutes
        self.command_actions = install_actions(self)  # menus, shortcuts, icons (ui/actions.py)

    def show_page(self, page: QWidget) -> None:
        """Bring `page` to the front and mark it in the side bar."""
        self.sidebar.setCurrentRow(self.stack.indexOf(page))

    def open_loan(self, loan_id: int) -> None:
        """Switch to the Loans page with `loan_id` selected."""
        self.show_page(self.loans)
        self.loans.show_loan(loan_id)

    def open_case(self, case_id: int) -> None:
        """Switch to the case page showing `case_id`."""
        self.show_page(self.cases)
        self.cases.show_case(case_id)

    def open_import(self) -> object | None:
        """(admin) Import borrowers, loans, payments or training; the pages then refresh."""
        from ui.dialogs.import_data import ImportDialog, changed_entities

        report = ImportDialog.run(self, self.database, self.user)
        if report is not None:
            self.hub.announce(*changed_entities(report))
        return report

    def open_backups(self) -> object | None:
        """(admin) The Backups dialog; after a restore the window closes: its data was replaced."""
        from PySide6.QtWidgets import QMessageBox

        from ui.dialogs.backups import BackupsDialog

        restored = BackupsDialog.manage(self, self.database, self.user)
        if restored is not None:
            self.restored = restored
            QMessageBox.information(
                self,
                _("Backups"),
                _(
                    "The database was restored. Casedesk closes now; start it again to work on "
                    "the restored data."
                ),
            )
            self.close()
        return restored

    def change_password(self) -> bool:
        """The logged-in user changes their own password."""
        return PasswordDialog.change(self, self.database, self.user)

    def _restore_state(self) -> None:
        store = settings()
        geometry = store.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in self._splitters().items():
            state = store.value(f"main_window/{name}")
            if state is not None:
                splitter.restoreState(state)

    def save_state(self) -> None:
        """Remember geometry and splitter positions in QSettings."""
        store = settings()
        store.setValue("main_window/geometry", self.saveGeometry())
        for name, splitter in self._splitters().items():
            store.setValue(f"main_window/{name}", splitter.saveState())
        store.sync()

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "borrowers_splitter": self.borrowers.splitter,
            "loans_splitter": self.loans.splitter,
            "case_splitter": self.cases.splitter,
        }

    def start_daily_backup(self) -> None:
        """The daily backup (if none today) off the GUI thread; the status bar says how it went."""
        from ui.dialogs.backups import DailyBackupJob

        self.backup_job = DailyBackupJob(self.database, self)
        self.backup_job.finished_with.connect(self._daily_backup_done)
        self.statusBar().showMessage(_("Making the daily backup…"))
        self.backup_job.start()

    def _daily_backup_done(self, result: object, error: str) -> None:
        if error:
            self.statusBar().clearMessage()
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(
                self, _("Backups"), _("The daily backup failed: {error}", error=error)
            )
        elif result is not None:
            self.statusBar().showMessage(_("Daily backup made and verified."), 10_000)
        else:
            self.statusBar().clearMessage()

    def wait_for_backup(self) -> None:
        """Before closing: let a running daily backup finish (a half-written one is no backup)."""
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
        self.save_state()
        self.wait_for_backup()
        super().closeEvent(event)
