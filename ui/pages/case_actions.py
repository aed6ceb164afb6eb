"""The case page's actions on the open case: payment, contact, agreement, visit, closure, assign,
note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from app import settings
from app.agreements.closing import cancelled_words
from app.cases.assign_words import already_text
from app.cases.assignment import HandAssignment, HandBack
from app.cases.capacity import OverCapacity
from app.cases.handed_back import handed_back_words
from app.cases.payments import counted_from_words
from app.contacts import ContactResult
from app.errors import CasedeskError
from app.i18n import sentences
from app.i18n import tr as _
from app.labels import contact_title
from app.loans.closure import Decision
from app.loans.replay import reallocated_words
from app.models import CaseNote, ContactAttempt, Payment, User
from app.money import fmt
from app.queries.case_page import CaseDetail
from app.queries.cases import AgentChoice, agent_choices
from db.store import Database
from ui.colours import set_role
from ui.confirm import ask_first
from ui.dialogs.assign import BACK_TO_QUEUE, AssignDialog, assign_now, over_capacity_question
from ui.dialogs.contact import ContactDialog
from ui.dialogs.payment import PaymentDialog
from ui.pages.queue_actions import OK_ROLE
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE


def contact_logged(result: ContactResult) -> str:
    """What the page says after Log contact…: the contact, and the promise taken in it."""
    attempt, promise = result.attempt, result.promise
    assert attempt is not None
    contact = contact_title(attempt.channel, attempt.party, attempt.outcome)
    if promise is None:
        return _("Logged “{contact}”.", contact=contact)
    return _(
        "Logged “{contact}” and a promise to pay {amount} by {date}.",
        contact=contact,
        amount=fmt(promise.amount),
        date=promise.due_on.isoformat(),
    )


class CaseActions:
    """What the case page's buttons do on the open case, through the core, then said."""

    database: Database
    hub: ChangeHub
    user: User
    detail: CaseDetail | None
    message: QLabel
    show_case: Callable[[int | str], bool]  # the page's loading

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.setVisible(bool(text))

    # --- actions --------------------------------------------------------------------------
    def post_payment(self) -> Payment | None:
        """Open the payment dialog for this case's loan; the page refreshes on the announcement
        and says what was posted, as `payment post` does."""
        if self.detail is None:
            return None
        loan_no = self.detail.loan.loan_no
        posted = PaymentDialog.post_told(self, self.database, self.user, loan_no, self.hub)
        payment = posted.payment if posted is not None else None
        if posted is not None and payment is not None:
            said = _(
                "Posted {amount} to {loan_no} on {date}.",
                amount=fmt(payment.amount),
                loan_no=loan_no,
                date=payment.paid_on.isoformat(),
            )
            with self.database.sessions() as session:  # the payments it came before, if any
                reallocated = reallocated_words(session, payment.loan_id, payment.paid_on)
                later = counted_from_words(session, payment.paid_on)  # a queue date before it
            cancelled = cancelled_words(posted.cancelled, None, posted.cured) or ""
            self.show_message(sentences([said, reallocated or "", later or "", cancelled]))
        return payment

    def change_flags(self) -> bool:
        """The borrower's stop flags dialog; the page refreshes on the announcement."""
        from ui.dialogs.stop_flags import StopFlagsDialog

        if self.detail is None:
            return False
        if not StopFlagsDialog.run(self, self.database, self.user, self.detail.borrower):
            return False
        self.hub.announce("borrower", "related_person")
        return True

    def log_contact(self) -> ContactAttempt | None:
        """Open the contact dialog for this case; the page refreshes on the announcement and says
        what was logged, with the promise taken, as the timeline titles them."""
        if self.detail is None:
            return None
        result = ContactDialog.log(self, self.database, self.user, self.detail.case_no, self.hub)
        if result is None:
            return None
        self.show_message(contact_logged(result))
        return result.attempt

    def agents(self) -> list[AgentChoice]:
        with self.database.sessions() as session:
            return agent_choices(session)

    def draft_agreement(self) -> str | None:
        """Draft a repayment agreement on this case; a refusal (one already in progress, nothing
        owed) is shown on the page."""
        from ui.dialogs.agreement_from_page import draft_from_page

        if self.detail is None:
            return None
        case_no = self.detail.case_no
        return draft_from_page(self, self.database, self.user, self.hub, case_no=case_no)

    def book_visit(self) -> str | None:
        """Verify and book a home visit on this case; a refusal (no home-visit clause, a visit
        already under way) is shown on the page."""
        from ui.dialogs.visit import VisitDialog

        if self.detail is None:
            return None
        try:
            number = VisitDialog.book(self, self.database, self.user, self.detail.case_no, self.hub)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return None
        if number:
            self.show_message(_("Booked visit {number}.", number=number))
        return number

    def record_complaint(self) -> str | None:
        """Record a complaint on this case (the Complaints page's dialog, the case filled in);
        contact on the case pauses at once, and the page says so."""
        from ui.dialogs.complaint import ComplaintDialog

        if self.detail is None:
            return None
        number = ComplaintDialog.record(self, self.database, self.user, self.detail.case_no)
        if number:
            self.complaint_recorded(number)
        return number

    def add_note(self) -> CaseNote | None:
        """Add a note to this case; the timeline refreshes on the announcement."""
        from ui.dialogs.case_note import CaseNoteDialog

        if self.detail is None:
            return None
        note = CaseNoteDialog.add(self, self.database, self.user, self.detail.case_no)
        if note is not None:
            self.hub.announce("case_note")
            self.show_message(_("Note added to case {case}.", case=self.detail.case_no))
        return note

    def complaint_recorded(self, number: str) -> None:
        """After a complaint on this case was saved: announce it (the page shows the pause) and
        say so."""
        self.hub.announce("complaint", "case")
        self.show_message(
            _(
                "Complaint {number} recorded: contact on this case is paused until it is closed "
                "or a supervisor lifts the pause.",
                number=number,
            )
        )

    def decide_on_loan(self) -> Decision | None:
        """Send the case's loan to legal or recall it, write it off or reinstate it; the page
        then shows the case that carries the loan on."""
        from ui.dialogs.closure import ClosureDialog

        if self.detail is None:
            return None
        try:
            done = ClosureDialog.ask(self, self.database, self.user, self.detail.case_no, self.hub)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return None
        if done is not None:
            self.show_case(done.case_no)
            self.show_message(done.message())
        return done

    def choose_agent(self) -> None:
        if self.detail is None:
            return
        agents = self.agents()
        holder = next((a.id for a in agents if a.username == self.detail.agent_username), None)
        with self.database.sessions() as session:
            capacity = int(settings.get(session, "assign.capacity_per_agent"))
        unheld = self.detail.agent_username is None
        username = AssignDialog.choose(self, agents, 1, holder, capacity, unheld)
        if username is not None:
            self.assign(username)

    def assign(self, username: str, over_capacity: bool = False) -> bool:
        """Give this case to one agent (BACK_TO_QUEUE: hand it back to the queue); past the
        office's capacity it asks first; a refusal shows the reason and changes nothing."""
        if self.detail is None:
            return False
        try:
            done = assign_now(
                self.database, self.user, [self.detail.case_no], username, over_capacity
            )
        except OverCapacity as over:
            if ask_first(self, _("Assign cases"), over_capacity_question(over.after)):
                return self.assign(username, over_capacity=True)
            self.show_message(_("Nothing was assigned."))
            return False
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return False
        if isinstance(done, HandAssignment) and not done.assigned:
            self.show_message(already_text(done))  # theirs already: nothing changed
            return True
        if isinstance(done, HandBack) and not done.back:  # unassigned already: nothing changed
            self.show_message(handed_back_words(0, 1, ""))
            return True
        self.hub.announce("case")
        if username == BACK_TO_QUEUE:
            self.show_message(_("Back in the work queue, unassigned."))
        else:
            self.show_message(_("Assigned to {agent}.", agent=self.detail.agent))
        return True
