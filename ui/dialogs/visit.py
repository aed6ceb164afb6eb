"""The visit steps (信息核实 verify → 预约访问 book → 上门沟通 visit → 签署协议 agree) in one
dialog: verification checks, then the booking with the compliance verdict re-checked live as the
slot and the team change. The outcome is recorded at check-out (ui/dialogs/visit_outcome.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.model import Verdict
from app.contacts import find_case
from app.country_data import office_country
from app.errors import CasedeskError, ValidationError
from app.i18n import tr as _
from app.models import Borrower, Loan, User, Visit, VisitStatus
from app.queries.visits import active_agents, office_zone
from app.visits import BookingResult, book_visit, check_booking, request_visit, verify_visit
from app.visits.common import visit_teams
from app.visits.lifecycle import home_address, request_checks, work_address
from app.visits.team_check import agents_needed
from db.store import Database
from ui.colours import set_role
from ui.dialogs.base import run_modal
from ui.dialogs.override import Overridden
from ui.dialogs.visit_form import BookingForm
from ui.dialogs.visit_verify import VerifyPage
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub

STEPS = ("1 Verify", "2 Book", "3 Visit", "4 Agree")
# At the borrower's place of work → the dialog's title.
TITLE = {
    False: "Home visit on {case} ({borrower})",
    True: "Visit at the workplace on {case} ({borrower})",
}
RESUMED = (VisitStatus.REQUESTED, VisitStatus.VERIFIED)  # a visit the dialog carries on
VERIFY, BOOK = 0, 1


class VisitDialog(BookingForm):
    """Verify, then book a visit on one case; a block or a needed override keeps it open."""

    overridden = Overridden.BOOKING

    def __init__(
        self,
        database: Database,
        user: User,
        case_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        with database.sessions() as session:
            # A case that takes no new visit (closed, no home-visit clause, a visit booked or
            # under way) is refused before the form opens, naming why (the case page shows it);
            # one requested or verified carries on where it stopped.
            case = find_case(session, user, case_no)
            resuming = session.scalar(
                select(Visit.id).where(Visit.case_id == case.id, Visit.status.in_(RESUMED))
            )
            if resuming is None:
                request_checks(session, user, case_no)
        super().__init__(database, user, parent, hub)
        self.booked: str | None = None
        self.last: BookingResult | None = None
        with database.sessions() as session:
            case = find_case(session, user, case_no)
            self.case_no = case.case_no
            borrower = session.scalar(
                select(Borrower)
                .join(Loan, Loan.borrower_id == Borrower.id)
                .where(Loan.id == case.loan_id)
            )
            assert borrower is not None
            self.borrower = borrower.name
            open_visit = session.scalar(
                select(Visit).where(
                    Visit.case_id == case.id,
                    Visit.status.in_(RESUMED),
                )
            )
            self.visit_no = open_visit.visit_no if open_visit else None
            verified = open_visit is not None and open_visit.status is VisitStatus.VERIFIED
            # Step 1 confirms the address the visit will go to: the request's, else the one the
            # request will take.
            self.address_text = (
                open_visit.address if open_visit else home_address(session, borrower.id)
            )
            self.work_text = work_address(session, borrower.id)
            self.country = office_country(session)
            self.zone = office_zone(session)
            self.borrower_zone = ZoneInfo(borrower.timezone) if borrower.timezone else None
            self.team = [(a.username, a.display_name) for a in active_agents(session)]
            self.team_needed = agents_needed(session)
            # A team already on the visit (proposed with the request, or kept from before) is
            # offered as it stands; booking then saves the team as the form has it.
            self.proposed = (
                [u for u, _name in visit_teams(session, [open_visit.id]).get(open_visit.id, [])]
                if open_visit
                else []
            )
        self.set_title(False)
        self.step_labels = [QLabel(_(s)) for s in STEPS]
        steps = QHBoxLayout()
        for label in self.step_labels:
            steps.addWidget(label)
        steps.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._verify_page())
        self.stack.addWidget(self._book_page())
        layout = QVBoxLayout(self)
        layout.addLayout(steps)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        fit_on_screen(self, 980, 520)
        self.go_to(BOOK if verified else VERIFY)

    def place_words(self) -> None:
        """The title, as the consent box, says where the visit is: the home or the workplace."""
        super().place_words()
        self.set_title(self.at_work.isChecked())

    def set_title(self, at_work: bool) -> None:
        self.setWindowTitle(_(TITLE[at_work], case=self.case_no, borrower=self.borrower))

    # --- pages ----------------------------------------------------------------------------
    def _verify_page(self) -> QWidget:
        page = VerifyPage(self.country, self.address_text, self.work_text, self.visit_no is None)
        self.verify = page
        self.identity, self.address, self.phone = page.identity, page.address, page.phone
        self.address_label = page.address_label
        self.verify_button = QPushButton(_("Confirm and continue"))
        self.verify_button.clicked.connect(lambda: self.try_verify())
        page.layout_.addLayout(self.button_row(self.verify_button))
        return page

    def _book_page(self) -> QWidget:
        page = QWidget()
        form = self.booking_form(self.proposed, self.borrower)
        self.book_button = QPushButton(_("Book visit"))
        self.book_button.clicked.connect(lambda: self.try_book())
        layout = QVBoxLayout(page)
        layout.addLayout(self.beside_panel(form), 1)
        layout.addLayout(self.button_row(self.book_button, self.override_button))
        return page

    def go_to(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        # Enter presses the step's own button: Confirm and continue pressed with the keys left
        # the booking step with no default button (Qt's, which the hidden button took with it).
        (self.book_button if step == BOOK else self.verify_button).setDefault(True)
        for n, label in enumerate(self.step_labels):
            current = n == step
            set_role(label, "step_now" if current else "step_other")
        if step == BOOK:
            self.refresh_verdict()

    # --- step 1 ---------------------------------------------------------------------------
    def try_verify(self) -> bool:
        """Request the visit (when none is open) and record the checks; then the booking step."""
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                if self.visit_no is None:
                    address = self.verify.visit_address()
                    if address == "":
                        raise ValidationError(
                            "The borrower has no workplace address on file; the visit cannot "
                            "be booked at their place of work."
                        )
                    self.visit_no = request_visit(
                        session, actor, self.case_no, address=address
                    ).visit_no
                verify_visit(
                    session,
                    actor,
                    self.visit_no,
                    identity=self.identity.isChecked(),
                    address=self.address.isChecked(),
                    phone=self.phone.isChecked(),
                )
        except CasedeskError as error:
            self.show_error(error.translated())
            if self.visit_no is not None:
                self._forget_unsaved_request()
            return False
        self.show_error("")
        self.at_work.setChecked(self.verify.at_work.isChecked())  # booked where it was verified
        if self.hub is not None:
            self.hub.announce("visit")
        self.go_to(BOOK)
        return True

    def _forget_unsaved_request(self) -> None:
        """A request made in a transaction that rolled back was never saved."""
        with self.database.sessions() as session:
            exists = session.scalar(select(Visit.id).where(Visit.visit_no == self.visit_no))
        if exists is None:
            self.visit_no = None

    # --- step 2 ---------------------------------------------------------------------------
    def refresh_verdict(self) -> Verdict | None:
        """Run the rules on the booking as it stands (none before step 1); nothing is saved."""
        if self.visit_no is None:
            self.timer.stop()
            return None
        return super().refresh_verdict()

    def check(self, session: Session, actor: User) -> Verdict:
        assert self.visit_no is not None
        return check_booking(session, actor, self.visit_no, **self.fields())  # type: ignore[arg-type]

    def try_book(self, override_by: User | None = None, override_reason: str | None = None) -> bool:
        """Book through the core; booked → accept; blocked / needs override → say so, stay open."""
        self.timer.stop()
        self.show_status("")
        visit_no = self.visit_no
        if visit_no is None:
            return False

        def book(session: Session, actor: User, boss: User | None) -> BookingResult:
            return book_visit(
                session,
                actor,
                visit_no,
                override_by=boss,
                override_reason=override_reason,
                **self.fields(),  # type: ignore[arg-type]
            )

        result = self.save_checked(book, override_by)
        if result is None:
            return False
        if result.saved:
            self.booked = visit_no
        return self.settle(
            result,
            ("visit", "case"),
            _("Not booked: blocked (the block is recorded)."),
            _("Not booked: this visit needs a supervisor's override."),
        )

    try_save = try_book  # a supervisor's override books again

    @classmethod
    def book(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        case_no: str,
        hub: ChangeHub | None = None,
    ) -> str | None:
        """Run the dialog; the booked visit's number (announced on `hub`), or None."""
        dialog = cls(database, user, case_no, parent, hub)
        return run_modal(dialog, lambda: dialog.booked)
