"""The main window: a side bar of pages, the pages in a stack, who is logged in below."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
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
from ui.dialogs.password import PasswordDialog
from ui.idle import IdleLock
from ui.pages.audit import AuditPage
from ui.pages.borrowers import BorrowersPage
from ui.pages.case_page import CasePage
from ui.pages.complaints import ComplaintsPage
from ui.pages.compliance_log import ComplianceLogPage
from ui.pages.loans import LoansPage
from ui.pages.queue import QueuePage
from ui.pages.rules import RulesPage
from ui.pages.training import TrainingPage
from ui.signals import ChangeHub

ORGANISATION = "Casedesk"
APPLICATION = "Casedesk"
# Side bar order; later issues add their pages here.
PAGE_TITLES = ("Work queue", "Cases", "Borrowers", "Loans", "Compliance log", "Complaints")


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class MainWindow(QMainWindow):
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
        self.compliance_log = ComplianceLogPage(database, self.hub, user)
        self.complaints = ComplaintsPage(database, self.hub, user)
        self.stack = QStackedWidget()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
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
        self.statusBar().addPermanentWidget(self.path_label)
        self.resize(1366, 768)
        self._restore_state()
        self.idle_lock = IdleLock(self)  # covers the window after the office's idle minutes

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_state()
        super().closeEvent(event)
