"""The Visits page's actions: the buttons for the selected visit (check in, check out, no-show,
reschedule, cancel, incident, approve, draft agreement, print the visit sheet) and what each
does — through the core in one transaction, the page then saying what happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QPushButton,
    QWidget,
)

from app.auth import Permission, can
from app.concurrency import StaleEdit
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from app.reasons import MIN_REASON
from app.visits import LateVisit, approve_visit, cancel_visit, check_in, resolve_late
from app.visits.detail import VisitDetail
from app.visits.lifecycle import visit_cancel_text
from db.store import Database
from ui import std_buttons
from ui.colours import set_role
from ui.dialogs.agreement_ask import ask_until_read
from ui.dialogs.incident import IncidentDialog
from ui.dialogs.visit_noshow import NoShowDialog
from ui.dialogs.visit_outcome import VisitOutcomeDialog
from ui.flow import flow_bar
from ui.focus import focus_returns, give_back, only_if
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE

if TYPE_CHECKING:
    from app.queries.visits import VisitRow
    from ui.pages.visits import VisitsPage

OK_ROLE = "ok_done"
T = TypeVar("T")


def ask_cancel_visit_reason(parent: QWidget, number: str) -> str | None:
    """Why visit `number` is cancelled; None when the user cancels. The question says that a
    cancellation is for good, and a reason the core refuses (none, or under MIN_REASON) is asked
    again (found by QA: the box closed and the page said only that a reason was needed)."""
    question = "\n\n".join(
        [
            _(
                "Cancel visit {number}? This cannot be undone: a cancelled visit cannot be "
                "brought back; book a new one if the borrower is to be visited.",
                number=number,
            ),
            _(
                "Why is visit {number} cancelled? (at least {count} characters)",
                number=number,
                count=MIN_REASON,
            ),
        ]
    )
    return ask_until_read(parent, _("Cancel visit"), question, visit_cancel_text)


def action_bar(page: VisitsPage) -> QWidget:
    """The page's action buttons, made on the page, wrapping onto a second row when narrow."""
    user = page.user
    page.checkin_button = QPushButton(_("Check in"))
    page.checkin_button.clicked.connect(lambda: page.keys_stay(page.check_in_selected))
    page.checkout_button = QPushButton(_("Check out…"))
    page.checkout_button.clicked.connect(lambda: page.keys_stay(page.check_out_selected))
    page.noshow_button = QPushButton(_("No-show…"))
    page.noshow_button.clicked.connect(lambda: page.keys_stay(page.no_show_selected))
    page.reschedule_button = QPushButton(_("Reschedule…"))
    page.reschedule_button.setToolTip(
        _("Move the selected booked visit to another time, length or team")
    )
    page.reschedule_button.clicked.connect(lambda: page.reschedule_selected())
    page.cancel_button = QPushButton(_("Cancel visit…"))
    page.cancel_button.clicked.connect(lambda: page.keys_stay(page.cancel_selected))
    page.incident_button = QPushButton(_("Report incident…"))
    page.incident_button.setToolTip(_("Report what went wrong at the selected visit"))
    page.incident_button.clicked.connect(lambda: page.report_incident_selected())
    page.approve_button = QPushButton(_("Approve"))
    page.approve_button.clicked.connect(lambda: page.keys_stay(page.approve_selected))
    only_if(page.approve_button, can(user, Permission.APPROVE_VISITS))
    page.agreement_button = QPushButton(_("Draft agreement…"))
    page.agreement_button.setToolTip(
        _("Draft a repayment agreement from the selected visit's outcome")
    )
    page.agreement_button.clicked.connect(lambda: page.draft_agreement_selected())
    only_if(page.agreement_button, can(user, Permission.DRAFT_AGREEMENTS))
    page.print_button = QPushButton(_("Print visit sheet…"))
    page.print_button.clicked.connect(lambda: page.print_sheet())
    return flow_bar(
        page.checkin_button,
        page.checkout_button,
        page.noshow_button,
        page.reschedule_button,
        page.cancel_button,
        page.incident_button,
        page.approve_button,
        page.agreement_button,
        page.print_button,
        right=True,
    )


class VisitActions:
    """What the Visits page's buttons do on its selected visit (VisitsPage mixes this in)."""

    database: Database
    hub: ChangeHub
    user: User
    selected: VisitRow | None
    alerts: list[LateVisit]
    message: QLabel

    table: QAbstractItemView

    def keys_stay(self, action: Callable[[], T]) -> T:
        """Run a button's action; when it leaves that button off (a visit cancelled, approved,
        checked in or out), the keyboard goes to the visits, not to the next button on (QA: after
        Cancel visit… Space opened Print visit sheet…)."""
        button = QApplication.focusWidget()
        try:
            return action()
        finally:
            if isinstance(button, QPushButton) and not button.isEnabled():
                give_back(self.table)  # the window activated again after a question, too

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.setVisible(bool(text))

    def _act(self, fn, *args, done: str, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        """Run a use case in one transaction; show the refusal or announce the change."""
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                fn(session, actor, *args, **kwargs)
        except CasedeskError as error:
            if isinstance(error, StaleEdit):  # changed elsewhere: shown as it stands now
                self.reload()
            self.show_message(error.translated(), error=True)
            return False
        self.show_message(done)
        self.hub.announce("visit", "case")
        return True

    def check_in_selected(self) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        return self._act(check_in, number, done=_("Checked in to visit {number}.", number=number))

    def check_out_selected(self) -> bool:
        """Check out with the outcome; the page then says so (it said "Checked in" on)."""
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if not VisitOutcomeDialog.record(self, self.database, self.user, number, self.hub):
            return False
        self.show_message(_("Checked out of visit {number}.", number=number))
        return True

    def no_show_selected(self) -> bool:
        """Record the selected visit as a no-show (the team went and met nobody) with its notes
        and cost; the hub refreshes the page."""
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if NoShowDialog.record(self, self.database, self.user, number, self.hub) is None:
            return False
        self.show_message(_("Visit {number} recorded as a no-show.", number=number))
        return True

    def report_incident_selected(self) -> str | None:
        """Report an incident on the selected visit; its number once saved, else None."""
        if self.selected is None:
            return None
        number = IncidentDialog.report(
            self, self.database, self.user, self.selected.visit_no, self.hub
        )
        if number is not None:
            self.show_message(_("Incident reported on visit {number}.", number=number))
        return number

    def draft_agreement_selected(self) -> str | None:
        """Draft a repayment agreement on the selected visit's case, starting from what the
        borrower said at the visit; a refusal is shown on the page."""
        from ui.dialogs.agreement_from_page import draft_from_page

        if self.selected is None:
            return None
        visit_no = self.selected.visit_no
        return draft_from_page(self, self.database, self.user, self.hub, visit_no=visit_no)

    def reschedule_selected(self) -> VisitDetail | None:
        """Move the selected booked visit to another time, length or team; the page then shows
        its new week with it selected (ui/dialogs/visit_reschedule.py)."""
        from ui.dialogs.visit_reschedule import reschedule_from_page

        return reschedule_from_page(self, self.selected.visit_no) if self.selected else None

    def cancel_selected(self, reason: str | None = None) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        if reason is None:
            reason = ask_cancel_visit_reason(self, number)
            if reason is None:
                return False
        return self._act(
            cancel_visit,
            number,
            reason,
            expected_version=self.selected.version,
            done=_("Visit {number} cancelled.", number=number),
        )

    def approve_selected(self) -> bool:
        if self.selected is None:
            return False
        number = self.selected.visit_no
        return self._act(approve_visit, number, done=_("Visit {number} approved.", number=number))

    def resolve_first(self, note: str | None = None) -> bool:
        """Resolve the selected visit's alert (none selected, or not late: the most overdue),
        asking the supervisor what they found."""
        if not self.alerts:
            return False
        late = [a.visit_no for a in self.alerts]
        chosen = self.selected.visit_no if self.selected else None
        number = chosen if chosen in late else late[0]
        if note is None:
            with focus_returns(self):  # the keys back where they were (ui/focus.py)
                text, ok = std_buttons.get_text(
                    self,
                    _("Resolve alert"),
                    _("What did you find out about visit {number}?", number=number),
                )
            if not ok:
                return False
            note = text
        return self._act(
            resolve_late, number, note, done=_("Alert on visit {number} resolved.", number=number)
        )

    def print_sheet(self, path: Path | None = None, *, preview: bool = True) -> Path | None:
        """The selected agent's (default: yours) visit sheet for the selected day (default:
        today) as a PDF, shown in the preview with Print and Save as… (ui/pages/visits_sheet)."""
        from ui.pages.visits_sheet import print_visit_sheet

        return print_visit_sheet(self, path, preview)
