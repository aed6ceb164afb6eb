"""The main window's side bar: its pages in order, who sees each, and the page a start opens on.

Apart from ui/main_window.py so that the start's first screen (ui/first_screen.py) shows the same
side bar before the window's modules have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.roles import Permission, role_may


@dataclass(frozen=True)
class PageSpec:
    """One side-bar page: its attribute on the window, title, class and who sees it."""

    name: str
    title: str
    module: str  # ui.pages.<module>, imported when the page is first built
    cls: str
    needs: Permission | None = None  # the page is left out for users without it
    with_user: bool = True  # the page's constructor takes the user


# Side bar order. A page is built the first time it is shown or asked for (window.queue …):
# a start builds only the first one, and nobody waits for pages they never open.
PAGES = (
    PageSpec("dashboard", "Dashboard", "dashboard", "DashboardPage"),
    PageSpec("queue", "Work queue", "queue", "QueuePage"),
    PageSpec("cases", "Cases", "case_page", "CasePage"),
    PageSpec("borrowers", "Borrowers", "borrowers", "BorrowersPage", with_user=False),
    PageSpec("loans", "Loans", "loans", "LoansPage", with_user=False),
    PageSpec("compliance_log", "Compliance log", "compliance_log", "ComplianceLogPage"),
    PageSpec("complaints", "Complaints", "complaints", "ComplaintsPage"),
    PageSpec("rules", "Rules", "rules", "RulesPage"),
    PageSpec("audit", "Audit", "audit", "AuditPage", Permission.VIEW_AUDIT),
    PageSpec("training", "Agents & training", "training", "TrainingPage"),
    PageSpec("agreements", "Agreements", "agreements", "AgreementsPage"),
    PageSpec("visits", "Visits", "visits", "VisitsPage", Permission.BOOK_VISITS),
    PageSpec("reports", "Reports", "reports", "ReportsPage", Permission.PRINT_REPORTS),
)
PAGE_TITLES = tuple(spec.title for spec in PAGES)
# The page the window opens on: the work queue, where the day's work is (the dashboard is the
# side bar's first row, one click away, and its figures and charts load only when it is shown).
START_PAGE = "queue"


def pages_for(role: str) -> list[PageSpec]:
    """The side bar's pages for a role, in order (MainWindow shows the same for an active user)."""
    return [s for s in PAGES if s.needs is None or role_may(role, s.needs)]
