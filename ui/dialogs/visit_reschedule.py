"""Rescheduling a booked visit (改约): the booking form of the visit dialog, filled with the visit's
time, length, team and what the borrower said, beside the live verdict, with the reason the visit
moves. Saving goes through app.visits.reschedule_visit; a block or a needed override keeps the
dialog open, as at booking."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.compliance.model import Verdict
from app.errors import CasedeskError
from app.i18n import listed
from app.i18n import tr as _
from app.models import User
from app.queries.visits import active_agents, office_zone
from app.visits import BookingResult, check_reschedule, reschedule_visit
from app.visits.detail import VisitDetail, visit_detail
from app.visits.reschedule import reschedulable
from app.visits.team_check import agents_needed
from app.wall_clock import end_clock, span, wall_time
from db.store import Database
from ui.dialogs.base import run_modal
from ui.dialogs.override import Overridden
from ui.dialogs.visit_form import BookingForm
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub

if TYPE_CHECKING:
    from ui.pages.visits import VisitsPage


class RescheduleDialog(BookingForm):
    """Move one booked visit to another time, length or team, saying why."""

    overridden = Overridden.RESCHEDULE

    def __init__(
        self,
        database: Database,
        user: User,
        visit_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        with database.sessions() as session:
            # A visit that cannot move (not booked, checked in, done, cancelled, not yours) is
            # refused before the form opens, naming why.
            reschedulable(session, user, visit_no)
            now = visit_detail(session, user, visit_no)
            zone = office_zone(session)
            agents = [(a.username, a.display_name) for a in active_agents(session)]
            needed = agents_needed(session)
        super().__init__(database, user, parent, hub)
        self.zone, self.team_needed = zone, needed
        self.borrower_zone = ZoneInfo(now.borrower_zone) if now.borrower_zone else None
        # The team on the visit is offered as it stands, even someone no longer an agent.
        offered = {username for username, _name in agents}
        on_visit = zip(now.agents, now.agent_names, strict=True)
        self.team = agents + [(u, name) for u, name in on_visit if u not in offered]
        self.visit_no = now.visit_no
        self.moved: VisitDetail | None = None
        self.last: BookingResult | None = None
        self.setWindowTitle(
            _("Reschedule visit {number} ({borrower})", number=now.visit_no, borrower=now.borrower)
        )
        self.booked_now = QLabel(self._booked_text(now))
        self.booked_now.setWordWrap(True)
        form = self.booking_form(now.agents, now.borrower)
        if now.start is not None and now.end is not None:
            self.set_start(now.start.astimezone(zone))
            self.minutes.setValue((now.end - now.start) // dt.timedelta(minutes=1))
        self.agreed.setChecked(now.borrower_agreed)
        self.enter.setChecked(now.consent_to_enter)
        self.at_work.setChecked(now.at_workplace)  # checked again where the visit is
        self.quiet.set_agreement(now.quiet_agreed)
        # The borrower agreed to the booked time, not to another: moved, the boxes are unticked
        # (tick them again once they agree); moved back, they say what they said. So does their
        # agreement to an early or late time, kept for the booked slot only.
        self.booked_slot = (self.start_time().astimezone(dt.UTC), self.minutes.value())
        self.agreed_to_booked = now.borrower_agreed
        self.quiet_for_booked = now.quiet_agreed
        self.start.dateTimeChanged.connect(self._slot_moved)
        self.minutes.valueChanged.connect(self._slot_moved)
        self.repeated_hour.changed.connect(self._slot_moved)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why the visit moves (required)"))
        form.addRow(_("Reason:"), self.reason)
        self.save_button = QPushButton(_("Reschedule"))
        self.save_button.clicked.connect(lambda: self.try_save())
        layout = QVBoxLayout(self)
        layout.addWidget(self.booked_now)
        layout.addLayout(self.beside_panel(form), 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(self.button_row(self.save_button, self.override_button))
        fit_on_screen(self, 980, 520)
        self.refresh_verdict()

    def _slot_moved(self, *_args: object) -> None:
        # In UTC: the first and the second 01:30 of the night the clocks go back compare equal
        # on the office's clock.
        booked = (self.start_time().astimezone(dt.UTC), self.minutes.value()) == self.booked_slot
        self.agreed.setChecked(self.agreed_to_booked if booked else False)
        self.quiet.set_agreement(self.quiet_for_booked if booked else None)

    def _booked_text(self, now: VisitDetail) -> str:
        """The booking as it stands, to move from."""
        if now.start is None or now.end is None:
            return ""
        start, end = now.start.astimezone(self.zone), now.end.astimezone(self.zone)
        return _(
            "Booked now: {when} (office time), {team}. Change the start, the length or the team, "
            "and say why.",
            when=span(wall_time(start, self.zone), end_clock(start, end, self.zone)),
            team=listed(now.agent_names),
        )

    def check(self, session: Session, actor: User) -> Verdict:
        return check_reschedule(session, actor, self.visit_no, **self.fields())  # type: ignore[arg-type]

    def try_save(self, override_by: User | None = None, override_reason: str | None = None) -> bool:
        """Move the visit through the core; moved → accept; blocked / needs override → say so,
        stay open (a supervisor's override saves again through here)."""
        self.timer.stop()
        self.show_status("")

        def move(session: Session, actor: User, boss: User | None) -> BookingResult:
            return reschedule_visit(
                session,
                actor,
                self.visit_no,
                reason=self.reason.text(),
                override_by=boss,
                override_reason=override_reason,
                **self.fields(),  # type: ignore[arg-type]
            )

        result = self.save_checked(move, override_by)
        if result is None:
            if not self.reason.text().strip():
                self.reason.setFocus()
            return False
        if result.saved:
            with self.database.sessions() as session:
                self.moved = visit_detail(session, self.user, self.visit_no)
        return self.settle(
            result,
            ("visit", "case"),
            _("Not rescheduled: blocked (the block is recorded); the visit keeps its time."),
            _("Not rescheduled: this move needs a supervisor's override."),
        )

    @classmethod
    def reschedule(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        visit_no: str,
        hub: ChangeHub | None = None,
    ) -> VisitDetail | None:
        """Run the dialog; the visit as moved (announced on `hub`), or None."""
        dialog = cls(database, user, visit_no, parent, hub)
        return run_modal(dialog, lambda: dialog.moved)


def reschedule_from_page(page: VisitsPage, visit_no: str) -> VisitDetail | None:
    """Reschedule a visit from the Visits page: a refusal is told on the page; once moved, the
    page shows the visit's new week with the visit selected."""
    try:
        moved = RescheduleDialog.reschedule(page, page.database, page.user, visit_no, page.hub)
    except CasedeskError as error:
        page.show_message(error.translated(), error=True)
        return None
    if moved is None:
        return None
    if moved.start is not None:
        page.show_week(moved.start.astimezone(page.zone).date())
    page.select(moved.visit_no)
    page.show_message(_("Visit {number} rescheduled.", number=moved.visit_no))
    return moved
