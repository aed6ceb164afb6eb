"""The case page: one case's whole story — the case and why it ranks where it does, the
borrower and related persons (masked), the loan with its schedule and payments, and a single
timeline of contacts, promises, visits, agreements, complaints, payments and notes."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.contacts_standing import Standing, may_contact
from app.errors import CasedeskError
from app.i18n import listed
from app.i18n import tr as _
from app.id_labels import id_label
from app.labels import CASE_STATUS, CLOSED_AS
from app.models import User
from app.queries.case_page import CaseDetail, case_detail
from db.store import Database
from ui import labels
from ui.flow import flow_bar
from ui.focus import only_if
from ui.pages.borrower_people import PeopleButtons, heading
from ui.pages.case_actions import CaseActions
from ui.pages.case_enable import set_enabled
from ui.pages.case_start import CaseStart, remember
from ui.pages.case_timeline import (
    breakdown_table,
    fill_breakdown,
    fill_related,
    fill_timeline,
    related_table,
    timeline_table,
)
from ui.pages.loan_detail import LoanDetailPane
from ui.phone_words import phone_line
from ui.queue_columns import when
from ui.signals import ChangeHub
from ui.widgets import FieldForm, section_label, title_label

# The collection figures a written-off case no longer has (zeroed when it closed, still owed).
FIGURES = (
    "Days past due",
    "Bucket",
    "Overdue",
    "Principal overdue",
    "Interest overdue",
    "Fees overdue",
)
CASE_FIELDS = ("Status", "Agent", "Opened on", "Next action", *FIGURES, "Last contact")
BORROWER_FIELDS = ("Name", "ID number", "Segment", "Phones", "Employer", "Stop flags")
WATCHES = {
    "case",
    "payment",
    "loan",
    "contact",
    "promise",
    "visit",
    "agreement",
    "complaint",
    "borrower",
    "related_person",
    "case_note",
}


class CasePage(CaseActions, QWidget):
    """Open a case by number (or from the queue); log a contact, post a payment or reassign.
    `buttons_set` once its buttons were enabled or disabled for the case shown (the Case menu's
    actions follow them, ui/case_menu.py)."""

    buttons_set = Signal()

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        self.detail: CaseDetail | None = None
        self.case_no = QLineEdit()
        self.case_no.setPlaceholderText(_("Case number, e.g. C2026-000123"))
        hint = self.case_no.fontMetrics().horizontalAdvance(self.case_no.placeholderText())
        self.case_no.setMinimumWidth(hint + 24)  # the example whole, not "Case number, e.…"
        self.case_no.returnPressed.connect(lambda: self.show_case(self.case_no.text()))
        open_button = QPushButton(_("Open"))
        open_button.clicked.connect(lambda: self.show_case(self.case_no.text()))
        self.contact_button = QPushButton(_("Log contact…"))
        self.contact_button.clicked.connect(self.log_contact)
        only_if(self.contact_button, can(user, Permission.RECORD_CONTACTS))
        self.pay_button = QPushButton(_("Post payment…"))
        self.pay_button.clicked.connect(self.post_payment)
        self.assign_button = QPushButton(_("Assign…"))
        self.assign_button.clicked.connect(self.choose_agent)
        only_if(self.pay_button, can(user, Permission.POST_PAYMENTS))
        only_if(self.assign_button, can(user, Permission.ASSIGN_CASES))
        self.agreement_button = QPushButton(_("Draft agreement…"))
        self.agreement_button.clicked.connect(self.draft_agreement)
        only_if(self.agreement_button, can(user, Permission.DRAFT_AGREEMENTS))
        self.visit_button = QPushButton(_("Book visit…"))
        self.visit_button.clicked.connect(lambda: self.book_visit())
        only_if(self.visit_button, can(user, Permission.BOOK_VISITS))
        self.flags_button = QPushButton(_("Stop flags…"))
        self.flags_tip = _("Record a request to stop contact, or (supervisors) lift one.")
        self.flags_button.setToolTip(self.flags_tip)
        self.flags_button.clicked.connect(lambda: self.change_flags())
        only_if(self.flags_button, can(user, Permission.RECORD_STOP_REQUESTS))
        self.closure_button = QPushButton(_("Legal or write-off…"))
        self.closure_button.clicked.connect(lambda: self.decide_on_loan())
        only_if(self.closure_button, can(user, Permission.CLOSE_LOANS))
        # A borrower complains on the phone while the case is open (QA: only the Complaints page
        # recorded one, the case's number typed in again).
        self.complaint_button = QPushButton(_("Record complaint…"))
        self.complaint_button.clicked.connect(lambda: self.record_complaint())
        only_if(self.complaint_button, can(user, Permission.RECORD_COMPLAINTS))
        self.note_button = QPushButton(_("Add note…"))
        self.note_button.clicked.connect(lambda: self.add_note())
        only_if(self.note_button, can(user, Permission.ADD_CASE_NOTES))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.title = title_label(_("No case open"))
        self.case_form = FieldForm(CASE_FIELDS)
        self.breakdown = breakdown_table()
        # "Waiting until <date>: …" under the breakdown when the queue lists it below the due.
        self.queue_place = QLabel()
        self.queue_place.setObjectName("queue_place")
        self.queue_place.setWordWrap(True)
        self.queue_place.hide()
        self.borrower_form = FieldForm(BORROWER_FIELDS)
        self.related = related_table()
        # Agents work from the case page: its related persons are changed here as on the
        # borrower pane (ui/pages/borrower_people.py), the page refreshing on the announcement.
        self.people = PeopleButtons(
            self, self.related, self.show_message, lambda: hub.announce("related_person")
        )
        self.timeline = timeline_table()
        self.loan = LoanDetailPane()
        self.loan.case_activated.connect(self.show_case)  # the loan's other cases, one click
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.loan, _("Loan, schedule and payments"))
        bar = QHBoxLayout()
        for widget in (QLabel(_("Case:")), self.case_no, open_button):
            bar.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        # The actions wrap onto a second row rather than hold the window wider than a laptop.
        actions = flow_bar(
            self.contact_button,
            self.pay_button,
            self.assign_button,
            self.agreement_button,
            self.visit_button,
            self.flags_button,
            self.closure_button,
            self.complaint_button,
            self.note_button,
            right=True,
        )
        bar.addWidget(actions, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._summary())
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([460, 760])
        self.start = CaseStart(database, user)
        self.start.chosen.connect(self.open_from_list)
        self.body = QStackedWidget()
        self.body.addWidget(self.start)  # until a case is open
        self.body.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        hub.changed.connect(self._on_changed)
        self._set_enabled()

    def _summary(self) -> QScrollArea:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(section_label("Case"))
        column.addLayout(self.case_form)
        column.addWidget(section_label("Why it ranks here"))
        column.addWidget(self.breakdown)
        column.addWidget(self.queue_place)  # under the list: the heading above names the list
        column.addWidget(section_label("Borrower"))
        column.addLayout(self.borrower_form)
        column.addLayout(heading(section_label("Related persons"), *self.people.buttons))
        column.addWidget(self.related)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Case summary"))  # Tab stops on it: a screen reader names it
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _set_enabled(self) -> None:
        set_enabled(self)

    # --- loading --------------------------------------------------------------------------
    def show_case(self, case_ref: int | str) -> bool:
        """Load and show a case by id or number; a refusal (not found, not yours) is shown."""
        if isinstance(case_ref, str) and not case_ref.strip():
            return False
        try:
            with self.database.sessions() as session:
                detail = case_detail(session, self.user, case_ref)
                standing = may_contact(session, detail.id)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return False
        self.show_message("")
        self.show_detail(detail, standing)
        return True

    def open_from_list(self, case_ref: int | str) -> bool:
        """Show a case chosen in a list (the queue, Opened lately, a dashboard tile's list …);
        the keys go to its timeline, not to the case-number box Qt gives them once the list is
        hidden (a number typed there and Enter keeps them there)."""
        if not self.show_case(case_ref):
            return False
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def reload(self) -> None:
        if self.detail is not None:
            self.show_case(self.detail.id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.detail is None:
            self.start.refresh()

    def show_detail(self, d: CaseDetail, standing: Mapping[int, Standing]) -> None:
        """Show the case; `standing`: what the rule set says of contacting each related person."""
        another = self.detail is None or self.detail.id != d.id  # not a reload of the same
        self.detail = d
        if another:
            remember(self.database, self.user, d.id)
        self.body.setCurrentWidget(self.splitter)
        self.case_no.setText(d.case_no)
        status = labels.label(CASE_STATUS, d.status)
        if d.close_reason:
            status += " — " + labels.label(CLOSED_AS, d.close_reason)
        self.title.setText(f"{d.case_no} · {d.borrower.title()} · {d.loan.loan_no} · {status}")
        f = self.case_form
        # A case in legal says what its agreement does to it (the title keeps the status alone).
        notes = [d.legal_note] if d.legal_note else []
        if d.visit_note:  # "Visit booked", its time passed with no check-in or its team gone
            notes.append(d.visit_note)
        if d.paused:  # said before a call is tried, and until when
            notes.append(
                _(
                    "Contact paused: a complaint is open. It resumes once the complaint is "
                    "closed or a supervisor lifts its pause."
                )
            )
        f.set("Status", "\n".join([status, *notes]))
        f.set("Agent", d.agent or _("Unassigned"))
        f.set(
            "Opened on",
            labels.day(d.opened_on)
            + (" " + _("(closed {date})", date=labels.day(d.closed_on)) if d.closed_on else ""),
        )
        f.set("Next action", labels.day(d.next_action_on))
        if d.close_reason == "written_off":  # figures zeroed on a debt still owed: not "0.00"
            for name in FIGURES:
                f.set(name, "—")
            if d.loan.outstanding > 0:
                still = _(
                    "— (the loan still owes {amount})", amount=labels.money(d.loan.outstanding)
                )
                f.set("Overdue", still)
        else:
            f.set("Days past due", str(d.dpd))
            f.set("Bucket", d.bucket)
            f.set("Overdue", labels.money(d.amount_overdue))
            f.set("Principal overdue", labels.money(d.overdue_principal))
            f.set("Interest overdue", labels.money(d.overdue_interest))
            f.set("Fees overdue", labels.money(d.overdue_fee))
        f.set("Last contact", when(d.last_contact_at) if d.last_contact_at else _("Never"))
        fill_breakdown(self.breakdown, d.breakdown, d.score)
        self.queue_place.setText(d.queue_place or "")
        self.queue_place.setVisible(bool(d.queue_place))
        b = d.borrower
        self.borrower_form.set("Name", b.title())
        self.borrower_form.relabel("ID number", id_label(b.id_country))
        self.borrower_form.set("ID number", b.masked_id)
        self.borrower_form.set("Segment", labels.label(labels.SEGMENT, b.segment))
        # A landline, or a number a call found wrong, says so, as Log contact… lists it.
        self.borrower_form.set("Phones", listed([phone_line(p) for p in b.phones]))
        self.borrower_form.set("Employer", b.employer)
        stops = [labels.label(labels.STOP_FLAG, name) for name, on in b.flags.items() if on]
        self.borrower_form.set("Stop flags", " · ".join(stops) if stops else _("None"))
        fill_related(self.related, d.related_people, standing)
        self.people.show_for(self.database, self.user, d.borrower)
        fill_timeline(self.timeline, d.timeline, d.timezone)
        self.tabs.setTabText(0, _("Timeline ({count})", count=len(d.timeline)))
        self.loan.show_detail(d.loan)
        self._set_enabled()

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.reload()
