"""Step 8 of the lifecycle by a supervisor's decision: send a loan to legal (and recall it), write
it off (and reinstate it). Paid and settled come about by themselves, from payments.

Each takes the case a supervisor is looking at, a written reason, and writes the loan's status,
one audit entry (with the reason and the amount still owed) and the case brought up to date in
one transaction: a loan in legal keeps its case open as "legal"; a written-off loan's case closes
as written off; a recalled loan's case is worked again; a reinstated loan gets a new case
from the rebuild, as any loan that falls overdue again (and its last agent, when they may take
it). Before a loan goes to legal, whatever is still open on it — an agreement drafted or in
force, a visit requested or booked — must be ended: the refusal names it, so nothing is closed
half-way. A write-off asks the same but of its unsigned agreements, which it cancels itself
(app/agreements/closing.py: "Loan written off.", an entry each, by the supervisor deciding).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, settings
from app.agreements.closing import cancel_unsigned, cancelled_words
from app.agreements.common import IN_FORCE, IN_PROGRESS
from app.audit_seal import personal
from app.auth import Permission, can, require
from app.cases.delinquency import loan_position
from app.erased import refuse_erased
from app.errors import CasedeskError, NotFound, ValidationError
from app.i18n import tr
from app.labels import LOAN_STATUS, label
from app.loans.write_off_age import CANDIDATE_DPD, write_off_candidate
from app.models import (
    Agreement,
    Case,
    CaseStatus,
    CloseReason,
    Loan,
    LoanReinstatement,
    LoanStatus,
    Payment,
    User,
    Visit,
)
from app.money import fmt
from app.office import office_today
from app.queries.borrowers import outstanding_by_loan
from app.reasons import refuse_short
from app.typed_number import number_key
from app.visits.common import OPEN as OPEN_VISITS

LEGAL, RECALL, WRITE_OFF, REINSTATE = "legal", "recall", "write_off", "reinstate"
# Which decisions a loan in each status allows.
ALLOWED = {
    LoanStatus.ACTIVE: (LEGAL, WRITE_OFF),
    LoanStatus.LEGAL: (RECALL, WRITE_OFF),
    LoanStatus.WRITTEN_OFF: (REINSTATE,),
}
# The audit trail's code of each decision.
ACTION = {
    LEGAL: "loan.legal",
    RECALL: "loan.recall",
    WRITE_OFF: "loan.write_off",
    REINSTATE: "loan.reinstate",
}
# What each decision does, in words (the window's choices and the CLI's help).
DECISION = {
    LEGAL: "Send to legal",
    RECALL: "Recall from legal",
    WRITE_OFF: "Write off",
    REINSTATE: "Reinstate the written-off loan",
}
# What was done, said after the fact (the window's message and the CLI's output).
DECIDED = {
    LEGAL: "Loan {loan} sent to legal ({amount} still owed); case {case} stays open as legal.",
    RECALL: "Loan {loan} recalled from legal; case {case} is worked again.",
    WRITE_OFF: "Loan {loan} written off on {date} ({amount} still owed); case {case} is closed.",
    REINSTATE: "Loan {loan} reinstated; its collection goes on in case {case} ({agent}).",
}
MAX_REASON = 2000


@dataclass(frozen=True)
class ClosureState:
    """What a supervisor may decide on a case's loan now, and what stands in the way."""

    case_no: str
    loan_no: str
    loan_status: str
    outstanding: int  # still owed on the loan, minor units
    last_payment_on: dt.date | None
    decisions: tuple[str, ...]
    open_work: tuple[str, ...]  # agreement and visit numbers still open on the loan's cases
    today: dt.date  # on the office's clock, as payments are dated: a write-off's latest day
    dpd: int = 0  # days past due today (write-off candidates: CANDIDATE_DPD and more)
    reinstated_on: dt.date | None = None  # the last write-off undone: a write-off's first day
    unsigned: tuple[str, ...] = ()  # the open agreements not yet signed: a write-off cancels them

    def blocking(self, decision: str | None) -> tuple[str, ...]:
        """What must be ended before the decision: for a write-off, what is open but the
        unsigned agreements (they are cancelled with the loan); for legal, all that is open."""
        if decision == WRITE_OFF:
            return tuple(n for n in self.open_work if n not in self.unsigned)
        return self.open_work if decision == LEGAL else ()

    @property
    def early(self) -> bool:
        """Overdue, but not yet a write-off candidate: a write-off needs `early` confirmed."""
        return 0 < self.dpd < CANDIDATE_DPD

    @property
    def first_write_off_day(self) -> dt.date | None:
        """The earliest day a write-off may be dated (`decide` refuses one before it, naming
        which): not before the last payment, nor before the last reinstatement."""
        return max((d for d in (self.last_payment_on, self.reinstated_on) if d), default=None)


@dataclass(frozen=True)
class Decision:
    """What was done: the decision, the loan, what was owed, and the case that shows it now."""

    decision: str
    loan_no: str
    outstanding: int
    case_no: str  # after a reinstatement, the new case the rebuild opened (or the old one)
    on: dt.date
    agent: str | None = None  # who has that case now (display name)
    cancelled: tuple[str, ...] = ()  # the unsigned agreements a write-off cancelled

    def message(self, lang: str | None = None) -> str:
        told = cancelled_words(self.cancelled, lang)
        return self._done(lang) + (f"\n{told}" if told else "")

    def _done(self, lang: str | None) -> str:
        return tr(
            DECIDED[self.decision],
            lang,
            loan=self.loan_no,
            amount=fmt(self.outstanding),
            case=self.case_no,
            date=self.on.isoformat(),
            agent=self.agent or tr("Unassigned", lang),
        )

    def as_json(self) -> dict[str, object]:
        return {
            "decision": self.decision,
            "loan_no": self.loan_no,
            "outstanding": self.outstanding,
            "case_no": self.case_no,
            "on": self.on.isoformat(),
            "agent": self.agent,
            "cancelled": list(self.cancelled),
        }


def _case(session: Session, case_no: str) -> Case:
    case = session.scalar(select(Case).where(Case.case_no == number_key(case_no)))
    if case is None:
        raise NotFound("Unknown case {case}.", case=case_no)
    return case


def _open_work(session: Session, loan_id: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What is open on the loan's cases (agreements, then visits), and of it the agreements not
    yet signed."""
    cases = select(Case.id).where(Case.loan_id == loan_id)
    agreements = session.execute(
        select(Agreement.agreement_no, Agreement.status)
        .where(Agreement.case_id.in_(cases), Agreement.status.in_(IN_PROGRESS + IN_FORCE))
        .order_by(Agreement.id)
    ).all()
    visits = session.scalars(
        select(Visit.visit_no)
        .where(Visit.case_id.in_(cases), Visit.status.in_(OPEN_VISITS))
        .order_by(Visit.id)
    ).all()
    unsigned = tuple(n for n, status in agreements if status in IN_PROGRESS)
    return tuple(n for n, _ in agreements) + tuple(visits), unsigned


def _case_and_loan(session: Session, case_no: str) -> tuple[Case, Loan]:
    """The case and its loan; only the loan's latest case speaks for it (an older one names
    that case)."""
    case = _case(session, case_no)
    loan = session.get(Loan, case.loan_id)
    assert loan is not None
    latest = session.scalar(
        select(Case.case_no).where(Case.loan_id == loan.id).order_by(Case.id.desc()).limit(1)
    )
    if latest != case.case_no:
        raise ValidationError(
            "Case {case} is an earlier case of loan {loan}; decide on its current case, {latest}.",
            case=case.case_no,
            loan=loan.loan_no,
            latest=latest,
        )
    return case, loan


def _state(session: Session, case: Case, loan: Loan) -> ClosureState:
    today = office_today(session)
    open_work, unsigned = _open_work(session, loan.id)
    return ClosureState(
        case.case_no,
        loan.loan_no,
        loan.status.value,
        outstanding_by_loan(session, [loan.id]).get(loan.id, 0),
        session.scalar(select(func.max(Payment.paid_on)).where(Payment.loan_id == loan.id)),
        ALLOWED.get(loan.status, ()),
        open_work,
        today,
        loan_position(session, loan.id, today).dpd,
        session.scalar(
            select(func.max(LoanReinstatement.reinstated_on)).where(
                LoanReinstatement.loan_id == loan.id
            )
        ),
        unsigned,
    )


def closure_state(session: Session, user: User, case_no: str) -> ClosureState:
    """The decisions open on the case's loan (the window's dialog shows them; `decide` checks
    them again)."""
    require(user, Permission.CLOSE_LOANS)
    return _state(session, *_case_and_loan(session, case_no))


def _reason(reason: str | None) -> str:
    clean = (reason or "").strip()
    if not clean:
        raise ValidationError("Say why: a written reason is kept with the decision.")
    if len(clean) > MAX_REASON:
        raise ValidationError("The reason is too long (at most 2,000 characters).")
    refuse_short(clean)
    return clean


def decide(
    session: Session,
    user: User,
    case_no: str,
    decision: str,
    reason: str,
    *,
    on: dt.date | None = None,
    today: dt.date | None = None,
    early: bool = False,
) -> Decision:
    """Send to legal, recall, write off (on `on`, default today) or reinstate the case's loan.
    Today is the office's, as a payment's date is (a computer left on another time zone would
    refuse a write-off today as "before the last payment", posted on the office's today).
    A loan with nothing overdue on the write-off date is not written off; one overdue fewer
    than CANDIDATE_DPD days is, only with `early`."""
    from app.cases.rebuild import rebuild_queue  # the rebuild closes and opens cases in turn

    require(user, Permission.CLOSE_LOANS)
    today = today or office_today(session)
    if decision not in DECISION:
        raise ValidationError(
            "Unknown decision {decision}; choose one of: {choices}.",
            decision=decision,
            choices=list(DECISION),
        )
    clean = _reason(reason)
    case, loan = _case_and_loan(session, case_no)
    refuse_erased(session, loan.borrower_id)
    state = _state(session, case, loan)
    if decision not in state.decisions:
        raise ValidationError(
            'Loan {loan} is {status}: "{decision}" is not open to it.',
            loan=state.loan_no,
            status=label(LOAN_STATUS, state.loan_status).lower(),
            decision=tr(DECISION[decision]),
        )
    if state.blocking(decision):
        raise ValidationError(
            "{numbers} on loan {loan} must be cancelled or finished first.",
            numbers=list(state.blocking(decision)),
            loan=state.loan_no,
        )
    day = on or today
    if decision == WRITE_OFF:
        if day > today:
            raise ValidationError("A write-off cannot be dated in the future: {date}.", date=day)
        if day < loan.disbursed_on:
            raise ValidationError(
                "A write-off cannot be dated before the loan was disbursed ({date}).",
                date=loan.disbursed_on,
            )
        if state.last_payment_on is not None and day < state.last_payment_on:
            raise ValidationError(
                "A write-off cannot be dated before the loan's last payment ({date}).",
                date=state.last_payment_on,
            )
        if state.reinstated_on is not None and day < state.reinstated_on:
            # Those days it was written off already (the reports keep it so): not overdue then.
            raise ValidationError(
                "A write-off cannot be dated before the loan was reinstated ({date}).",
                date=state.reinstated_on,
            )
        write_off_candidate(session, loan, day, early)
    elif on is not None and on != today:
        raise ValidationError("Only a write-off can be dated; the others take effect today.")
    was = loan.status
    cancelled: tuple[str, ...] = ()
    back = max(today, loan.closed_on or today)  # a reinstatement's day: not before the write-off
    if decision == LEGAL:
        loan.status = LoanStatus.LEGAL
    elif decision == WRITE_OFF:
        loan.status, loan.closed_on = LoanStatus.WRITTEN_OFF, day
        # Its drafts and approved plans end with it, cancelled by the supervisor who decided.
        cases = session.scalars(select(Case.id).where(Case.loan_id == loan.id)).all()
        cancelled = cancel_unsigned(session, user, dict.fromkeys(cases, CloseReason.WRITTEN_OFF))
    else:  # recall or reinstate: collection goes on
        if decision == REINSTATE and loan.closed_on is not None:  # kept for past periods' reports
            session.add(
                LoanReinstatement(
                    loan_id=loan.id,
                    written_off_on=loan.closed_on,
                    reinstated_on=back,
                    owed=state.outstanding,
                )
            )
        loan.status, loan.closed_on = LoanStatus.ACTIVE, None
        if case.status is CaseStatus.LEGAL:
            case.status = CaseStatus.NEW  # the rebuild works out its status from what happened
    session.flush()
    as_of = max(settings.as_of(session), today)
    rebuild_queue(session, None, as_of, loan_ids=[loan.id], closed_by=user)
    now = session.scalar(select(Case).where(Case.loan_id == loan.id).order_by(Case.id.desc()))
    now = now or case
    if now.id != case.id and decision == REINSTATE:
        # The rebuild dates a new case from the day its loan fell overdue; a reinstated loan's
        # fell overdue under the old case, and its new case opens on the reinstatement.
        now.opened_on = max(now.opened_on, back)
    if now.id != case.id and case.assigned_agent_id is not None:
        _carry_agent(session, user, case, now)
    entry = audit.record(
        session,
        user,
        ACTION[decision],
        "loan",
        loan.loan_no,
        {
            "reason": personal(session, loan.borrower_id, clean),
            "case": case.case_no,
            **({"new_case": now.case_no} if now.id != case.id else {}),
            "was": was.value,
            "outstanding": state.outstanding,
            **({"on": day.isoformat()} if decision == WRITE_OFF else {}),
        },
    )
    # When the loan was with legal, at the entry's instant: a contact logged after the fact is
    # judged by it (app/compliance/back_dated.py `with_legal_then`).
    if decision == LEGAL:
        loan.legal_at, loan.legal_ended_at = entry.at, None
    elif was is LoanStatus.LEGAL:  # recalled, or written off while with legal
        loan.legal_ended_at = entry.at
    agent = session.get(User, now.assigned_agent_id) if now.assigned_agent_id else None
    name = agent.display_name if agent else None
    return Decision(decision, loan.loan_no, state.outstanding, now.case_no, day, name, cancelled)


def _carry_agent(session: Session, user: User, old: Case, new: Case) -> None:
    """A reinstated loan's new case goes to the agent who had the old one, if they still may
    take it (active, trained); otherwise it waits in the queue unassigned."""
    from app.cases.assignment import assign_cases

    agent = session.get(User, old.assigned_agent_id)
    if agent is None or not agent.active or not can(user, Permission.ASSIGN_CASES):
        return
    try:
        # The loan's agent carries on with it: not a new case to weigh against the capacity.
        assign_cases(session, user, [new.case_no], agent.username, over_capacity=True)
    except CasedeskError:
        return  # nothing was written: the refusal comes before the assignment
