"""Visit states a small demo office holds only by chance, added after the bulk build through the
visits' use cases (app/visits), each at a moment of the office's past (app.models.base.acting_at):
a visit verified (step 1 done) and not yet booked (with the team meant to go, as every demo
visit has one: the booking would set it), one whose team met nobody (a no-show), one
checked in and past its expected end without a check-out (the dashboard's tile and the
supervisor's alert) — only when the build's moment is late enough in the as-of day, as a team
sets out after 08:00 — and a booking without the borrower's consent to enter that a supervisor
overrode with a written reason, and a visit done five days ago whose outcome no agreement was
drafted from yet (the Visits page drafts one only from a recent visit's outcome).

Each is added only when the office has none, on cases of its own generator's choice (seeded
from the build's seed), with two agents whose field training is valid and a slot the rules
allow; nothing is stamped after the build's moment."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app import settings
from app.agreements.from_visit import recent_since
from app.demo.context import local_to_utc
from app.models import (
    Agreement,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    FlaggedBooking,
    Loan,
    User,
    VerdictKind,
    Visit,
    VisitAgent,
    VisitStatus,
)
from app.models.base import acting_at
from app.training import WorkKind, office_training
from app.visits.alerts import late_visits
from app.visits.booking import book_visit, check_booking
from app.visits.checkout import check_out, no_show
from app.visits.lifecycle import check_in, request_visit, verify_visit

# Open cases soft collection failed on: where an office asks for a visit.
VISITED = (CaseStatus.CONTACTED, CaseStatus.PROMISE_BROKEN)
LENGTH = 60  # minutes a visit is booked for
STARTS = (9 * 60, 10 * 60, 14 * 60, 15 * 60, 16 * 60)  # office minutes of the day tried
OVERRIDE_REASON = "借款人同意在楼下面谈，不同意入户；两名催收员不进入住所，主管同意"
DONE_CAPACITY = "新工作收入较低，每月可还 1500 元左右"  # what the recent visit's borrower said
DONE_PROPOSAL = "分 8 期偿还逾期本息"


class VisitStates:
    """The steps of the added visits, by the supervisor and two field-qualified agents."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        supervisor: User,
        as_of: dt.date,
        latest: dt.datetime,
        taken: set[int],
    ) -> None:
        self.session, self.rng, self.supervisor = session, rng, supervisor
        self.as_of, self.latest, self.taken = as_of, latest, taken
        qualified = [
            a.agent_id for a in office_training(session, as_of) if a.qualified(WorkKind.FIELD)
        ]
        self.agents = [u for u in (session.get(User, i) for i in sorted(qualified)) if u]

    def moment(self, day: dt.date, minute: int) -> dt.datetime:
        return local_to_utc(day, minute)

    def record(self) -> None:
        if len(self.agents) < 2:  # no team the rules let out: the office makes no visit
            return
        if not self._has(Visit.status == VisitStatus.VERIFIED):
            visit = self._requested(self._day(1), verify=True)
            if visit is not None:  # the team meant to go, as the bulk build's visits name one
                lead, second = next(self._teams())
                visit.agents += [
                    VisitAgent(agent_id=lead.id, lead=True),
                    VisitAgent(agent_id=second.id, lead=False),
                ]
        if not self._has(Visit.status == VisitStatus.NO_SHOW):
            self._no_show()
        if not late_visits(self.session, self._last()):
            self._late()
        overridden = FlaggedBooking.verdict == VerdictKind.NEEDS_OVERRIDE.value
        if not self._has(overridden, FlaggedBooking.action == "visit_book"):
            self._overridden()
        if not self._has(*self._awaiting_agreement()):
            self._done_recently()

    def _has(self, *where: object) -> bool:
        return self.session.scalar(select(exists().where(*where))) is True  # type: ignore[arg-type]

    def _day(self, days_ago: int) -> dt.date:
        return self.as_of - dt.timedelta(days=days_ago)

    def _last(self) -> dt.datetime:
        """The build's moment (a minute before it), or the as-of day's end."""
        end = self.moment(self.as_of + dt.timedelta(days=1), 0)
        return min(end, self.latest) - dt.timedelta(minutes=1)

    def _case(self) -> Case | None:
        """An open case with the home-visit clause, never visited, no agreement or complaint."""
        ids = self.session.scalars(
            select(Case.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(
                Case.status.in_(VISITED),
                Loan.home_visit_consent,
                # Not a borrower the stop list keeps the team from (nor one to visit with care).
                ~Borrower.do_not_visit,
                ~Borrower.contact_refused,
                ~Borrower.has_lawyer,
                ~Borrower.vulnerable,
                ~exists().where(Visit.case_id == Case.id),
                ~exists().where(Complaint.case_id == Case.id),
                ~exists().where(Agreement.case_id == Case.id),
            )
            .order_by(Case.id)
        ).all()
        free = [i for i in ids if i not in self.taken]
        if not free:
            return None
        chosen = self.rng.choice(free)
        self.taken.add(chosen)
        return self.session.get(Case, chosen)

    def _requested(self, day: dt.date, *, verify: bool) -> Visit | None:
        """A visit asked for on `day` at 09:30, verified at 11:00 with `verify`."""
        case = self._case()
        if case is None:
            return None
        who = self.supervisor
        with acting_at(self.moment(day, 9 * 60 + 30)):
            visit = request_visit(self.session, who, case.case_no)
        if verify:
            with acting_at(self.moment(day, 11 * 60)):
                verify_visit(
                    self.session, who, visit.visit_no, identity=True, address=True, phone=True
                )
        return visit

    def _teams(self) -> Iterator[tuple[User, User]]:
        agents = list(self.agents)
        self.rng.shuffle(agents)
        for n, lead in enumerate(agents):
            for second in agents[n + 1 :]:
                yield lead, second

    def _booked(
        self, day: dt.date, starts: tuple[int, ...], *, consent: bool, booked_days_before: int = 2
    ) -> tuple[Visit, User] | None:
        """A visit requested, verified and booked `booked_days_before` days before `day` at the
        first of `starts` and team the rules allow (without consent to enter: one they let
        through with a supervisor's override); its lead agent."""
        asked = day - dt.timedelta(days=booked_days_before)
        visit = self._requested(asked, verify=True)
        if visit is None:
            return None
        booked = self.moment(asked, 15 * 60)
        wanted = VerdictKind.ALLOWED if consent else VerdictKind.NEEDS_OVERRIDE
        who = self.supervisor
        with acting_at(booked):
            for minute in starts:
                start = self.moment(day, minute)
                for lead, second in self._teams():
                    slot = {
                        "agents": [lead.username, second.username],
                        "start": start,
                        "minutes": LENGTH,
                        "borrower_agreed": True,
                        "consent_to_enter": consent,
                    }
                    verdict = check_booking(self.session, who, visit.visit_no, **slot)  # type: ignore[arg-type]
                    if verdict.kind is not wanted:
                        continue
                    book_visit(
                        self.session, who, visit.visit_no, **slot,  # type: ignore[arg-type]
                        override_by=None if consent else who,
                        override_reason=None if consent else OVERRIDE_REASON,
                    )  # fmt: skip
                    return visit, lead
        return None  # no slot: the visit stays verified

    def _no_show(self) -> None:
        """Booked for three days ago; the team found nobody home and left after 20 minutes."""
        day = self._day(3)
        found = self._booked(day, STARTS, consent=True)
        if found is None:
            return
        visit, lead = found
        assert visit.scheduled_start is not None
        with acting_at(visit.scheduled_start + dt.timedelta(minutes=20)):
            no_show(self.session, lead, visit.visit_no, notes="敲门无人应答，电话未接通")

    def _late(self) -> None:
        """Booked for this morning; checked in, no check-out past the end and its grace. Made
        only when the build's moment is after that (a morning build has no team out yet)."""
        grace = dt.timedelta(
            minutes=int(settings.get(self.session, "visit.checkout_grace_minutes"))
        )
        last = self._last()
        starts = tuple(
            m
            for m in STARTS
            if self.moment(self.as_of, m + LENGTH) + grace + dt.timedelta(minutes=5) < last
        )
        if not starts:
            return
        self._checked_in(self.as_of, starts)

    def _checked_in(self, day: dt.date, starts: tuple[int, ...]) -> tuple[Visit, User] | None:
        """A visit booked for `day` at the first of `starts` the rules allow, its team checked in
        five minutes after its start; the visit and its lead agent."""
        found = self._booked(day, starts, consent=True)
        if found is None:
            return None
        visit, lead = found
        assert visit.scheduled_start is not None
        with acting_at(visit.scheduled_start + dt.timedelta(minutes=5)):
            check_in(self.session, lead, visit.visit_no)
        return found

    def _overridden(self) -> None:
        """Booked yesterday for the day after tomorrow without consent to enter, overridden."""
        self._booked(self.as_of + dt.timedelta(days=2), STARTS, consent=False, booked_days_before=3)

    def _awaiting_agreement(self) -> tuple[object, ...]:
        """A completed visit recent enough to draft from, on an open case without an agreement."""
        return (
            Visit.status == VisitStatus.COMPLETED,
            Visit.checked_out_at >= recent_since(self.session, self.as_of),
            Case.id == Visit.case_id,
            Case.status != CaseStatus.CLOSED,
            ~exists().where(Agreement.case_id == Visit.case_id),
        )

    def _done_recently(self) -> None:
        """Booked for five days ago; the team met the borrower, who proposed a plan."""
        found = self._checked_in(self._day(5), STARTS)
        if found is None:
            return
        visit, lead = found
        assert visit.scheduled_start is not None
        with acting_at(visit.scheduled_start + dt.timedelta(minutes=LENGTH - 5)):
            check_out(
                self.session, lead, visit.visit_no, default_reason="job_loss",
                capacity_note=DONE_CAPACITY, proposal=DONE_PROPOSAL,
            )  # fmt: skip
