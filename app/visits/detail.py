"""One visit as `casedesk visit show` and the Visits page's detail read it: the booking, the
outcome (reason for default, capacity, proposal, notes, next step, cost) and, for a visit not yet
started, the complaints that pause contact on its case (the team must not go)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.i18n import listed, plural, sentences, tr
from app.labels import (
    DEFAULT_REASON,
    INCIDENT_KIND,
    PROMISE_STATUS,
    VISIT_STATUS,
    capital,
    duration,
    label,
)
from app.models import (
    Borrower,
    Case,
    DefaultReason,
    Loan,
    Promise,
    PromiseStatus,
    User,
    VisitIncident,
    VisitStatus,
)
from app.money import fmt
from app.visits.common import NOT_STARTED, find_visit, needs_approval, utc, visit_teams
from app.visits.no_check_in import missed, missed_words, what_to_do
from app.visits.quiet_consent import QuietAgreement, stored_agreement
from app.visits.slot import pausing_complaints
from app.visits.team_gone import deactivated_members, names_of
from app.wall_clock import end_clock, span, wall_time


@dataclass(frozen=True)
class VisitDetail:
    visit_no: str
    case_no: str
    borrower: str
    status: VisitStatus
    address: str
    start: dt.datetime | None  # aware UTC; None until booked
    end: dt.datetime | None
    agents: tuple[str, ...]  # user names, the lead first
    agent_names: tuple[str, ...]  # their display names, in the same order
    borrower_agreed: bool
    consent_to_enter: bool
    approved_by: str | None  # a display name
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    default_reason: DefaultReason | None
    capacity_note: str
    proposal: str
    notes: str
    next_step: str
    travel_cost: int  # minor units
    hours_minutes: int
    cancel_reason: str
    paused_by: tuple[str, ...]  # open complaints pausing the case, for a visit not yet started
    promise: tuple[int, dt.date, str] | None = None  # made at check-out: amount, due, status
    incidents: tuple[tuple[str, str], ...] = ()  # (kind, description), as reported
    at_workplace: bool = False  # booked at the borrower's place of work
    # The borrower's agreement to the slot's early or late time (quiet hours), when recorded.
    quiet_agreed: QuietAgreement | None = None
    borrower_zone: str = ""  # the borrower's time zone: their quiet hours are read in it
    # Booked, and the office asks a supervisor's approval it has not had: no check-in yet (the
    # window and the sheet say so; `visit show` said only "Booked": found by QA).
    awaiting_approval: bool = False
    # Booked, and its booked end has passed with no check-in: no check-in can be taken now, and
    # it stays booked until a no-show or a cancellation says what happened (QA).
    not_checked_in: bool = False
    # Booked, with a deactivated account on its team (user names): no check-in until its team is
    # changed (app/visits/team_gone.py; QA s46: it read as booked and approved).
    gone: tuple[str, ...] = ()

    @property
    def gone_names(self) -> tuple[str, ...]:
        return names_of(self.gone, self.agents, self.agent_names)

    @property
    def done(self) -> bool:
        """Checked out or recorded as a no-show: the outcome and the cost are known."""
        return self.status in (VisitStatus.COMPLETED, VisitStatus.NO_SHOW)


def visit_detail(session: Session, user: User, visit_no: str) -> VisitDetail:
    """The visit, as far as `user` may see it (app.visits.common.find_visit)."""
    require(user, Permission.BOOK_VISITS)
    visit = find_visit(session, user, visit_no)
    case_no, borrower, borrower_zone = session.execute(
        select(Case.case_no, Borrower.name, Borrower.timezone)
        .join(Loan, Loan.id == Case.loan_id)
        .join(Borrower, Borrower.id == Loan.borrower_id)
        .where(Case.id == visit.case_id)
    ).one()
    status = VisitStatus(visit.status)
    paused = pausing_complaints(session, [visit.case_id]) if status in NOT_STARTED else {}
    approver = session.get(User, visit.approved_by_id) if visit.approved_by_id else None
    team = visit_teams(session, [visit.id]).get(visit.id, [])
    promise = session.execute(
        select(Promise.amount, Promise.due_on, Promise.status)
        .where(Promise.visit_id == visit.id)
        .order_by(Promise.id)
        .limit(1)
    ).first()
    return VisitDetail(
        visit.visit_no,
        case_no,
        borrower,
        status,
        visit.address,
        utc(visit.scheduled_start) if visit.scheduled_start else None,
        utc(visit.scheduled_end) if visit.scheduled_end else None,
        tuple(username for username, _ in team),
        tuple(name for _, name in team),
        visit.borrower_agreed,
        visit.consent_to_enter,
        approver.display_name if approver else None,
        utc(visit.checked_in_at) if visit.checked_in_at else None,
        utc(visit.checked_out_at) if visit.checked_out_at else None,
        DefaultReason(visit.default_reason) if visit.default_reason else None,
        visit.capacity_note,
        visit.proposal,
        visit.notes,
        visit.next_step,
        visit.travel_cost,
        visit.hours_minutes,
        visit.cancel_reason or "",
        paused.get(visit.case_id, ()),
        (promise.amount, promise.due_on, PromiseStatus(promise.status).value) if promise else None,
        tuple(
            (kind, description)
            for kind, description in session.execute(
                select(VisitIncident.kind, VisitIncident.description)
                .where(VisitIncident.visit_id == visit.id)
                .order_by(VisitIncident.reported_at, VisitIncident.id)
            )
        ),
        visit.at_workplace,
        stored_agreement(visit),
        borrower_zone or "",
        status == VisitStatus.BOOKED and needs_approval(session, visit),
        missed(status, visit.scheduled_end),
        deactivated_members(session, [visit.id]).get(visit.id, ())
        if status == VisitStatus.BOOKED
        else (),
    )


def pause_text(complaints: Sequence[str], lang: str | None = None) -> str:
    """What a visit sheet, the Visits page and `visit show` say of a visit on a paused case."""
    return plural(
        len(complaints),
        "Contact paused: complaint {complaints} is open; do not go until a supervisor lifts "
        "the pause.",
        "Contact paused: complaints {complaints} are open; do not go until a supervisor lifts "
        "the pause.",
        lang,
        complaints=listed(complaints, lang),
    )


def status_words(
    status: VisitStatus,
    awaiting_approval: bool,
    lang: str | None = None,
    *,
    not_checked_in: bool = False,
    gone: bool = False,
) -> str:
    """ "Booked", "Booked, awaiting approval" as the Visits page says it, "Booked, not checked
    in" once its time has passed with no check-in, and "…, team to staff anew" with a deactivated
    account on its team."""
    text = capital(label(VISIT_STATUS, status, lang))
    if awaiting_approval:
        text = tr("{status}, awaiting approval", lang, status=text)
    if not_checked_in:
        text = tr("{status}, not checked in", lang, status=text)
    return tr("{status}, team to staff anew", lang, status=text) if gone else text


def missed_text(detail: VisitDetail, zone: dt.tzinfo, lang: str | None = None) -> str:
    """What `visit show` and the Visits page say of a visit never checked in, and what to do (the
    cancellation only on a paused case or a visit awaiting approval); "" for any other visit."""
    if not detail.not_checked_in or detail.start is None or detail.end is None:
        return ""
    words = missed_words(detail.visit_no, detail.start, detail.end, detail.agent_names, zone, lang)
    what = what_to_do(
        lang, paused=bool(detail.paused_by), awaiting_approval=detail.awaiting_approval
    )
    return sentences([words, what], lang)


def _local(at: dt.datetime | None, zone: dt.tzinfo, fmt_: str = "%Y-%m-%d %H:%M") -> str:
    return wall_time(at, zone, fmt_) if at else ""


def booking_lines(
    detail: VisitDetail, zone: dt.tzinfo, lang: str | None = None, *, steps_only: bool = False
) -> list[tuple[str, str]]:
    """(label, value) of the visit's booking and its steps, in `lang`; empty ones left out. With
    `steps_only`, not the case, borrower, status, time, team and address (a list shows them)."""
    yes_no = {True: tr("yes", lang), False: tr("no", lang)}
    lines: list[tuple[str, str]] = []
    if not steps_only:
        when = ""
        if detail.start is not None and detail.end is not None:
            end = end_clock(detail.start, detail.end, zone, lang=lang)
            when = span(_local(detail.start, zone), end)
        lines += [
            (tr("Case", lang), detail.case_no),
            (tr("Borrower", lang), detail.borrower),
            (
                tr("Status", lang),
                status_words(
                    detail.status,
                    detail.awaiting_approval,
                    lang,
                    not_checked_in=detail.not_checked_in,
                    gone=bool(detail.gone),
                ),
            ),
            (tr("Time", lang), when),
            (tr("Agents", lang), listed(detail.agent_names, lang)),
            (tr("Address", lang), detail.address),
        ]
    if detail.start is not None:
        lines += [
            (tr("Borrower agreed the time", lang), yes_no[detail.borrower_agreed]),
            (tr("Consent to enter", lang), yes_no[detail.consent_to_enter]),
            (tr("At the place of work", lang), yes_no[detail.at_workplace]),
        ]
    agreed = detail.quiet_agreed
    if detail.start is not None and agreed is not None:
        lines.append(
            (
                tr("Early or late time agreed", lang),
                tr(
                    "{who}, {when}: {how}",
                    lang,
                    who=agreed.who,
                    when=_local(agreed.at, zone),
                    how=agreed.how,
                ),
            )
        )
    lines += [
        (tr("Approved by", lang), detail.approved_by or ""),
        (tr("Checked in", lang), _local(detail.checked_in_at, zone)),
        (tr("Checked out", lang), _local(detail.checked_out_at, zone)),
        (tr("Cancel reason", lang), detail.cancel_reason),
    ]
    return [(name, value) for name, value in lines if value]


def outcome_lines(detail: VisitDetail, lang: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of what the visit found and what comes next, in `lang`; empty ones left
    out, and none before the visit is checked out or recorded as a no-show."""
    if not detail.done:
        return []
    reason = detail.default_reason
    lines = [
        (
            tr("Reason for default", lang),
            capital(label(DEFAULT_REASON, reason, lang)) if reason else "",
        ),
        (tr("Capacity to pay", lang), detail.capacity_note),
        (tr("Proposal", lang), detail.proposal),
        (tr("Notes", lang), detail.notes),
        (tr("Next step", lang), detail.next_step),
        (tr("Promise to pay", lang), promise_text(detail.promise, lang)),
        (tr("Travel cost", lang), fmt(detail.travel_cost)),
        (tr("Time spent", lang), duration(detail.hours_minutes, lang)),
    ]
    return [(name, value) for name, value in lines if value]


def promise_text(promise: tuple[int, dt.date, str] | None, lang: str | None = None) -> str:
    """A promise made at the visit, as "1,500.00 by 2026-12-20 (kept)"; empty when none."""
    if promise is None:
        return ""
    amount, due, status = promise
    return tr(
        "{amount} by {date} ({status})",
        lang,
        amount=fmt(amount),
        date=due.isoformat(),
        status=label(PROMISE_STATUS, status, lang).lower(),
    )


def incident_lines(detail: VisitDetail, lang: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of each incident reported on the visit, whatever its status (shown after
    the outcome or the booking's lines)."""
    return [
        (
            tr("Incident", lang),
            tr(
                "{name}: {value}",
                lang,
                name=capital(label(INCIDENT_KIND, kind, lang)),
                value=description,
            ),
        )
        for kind, description in detail.incidents
    ]
