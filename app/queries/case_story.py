"""The case's story: one timeline, newest first, of its contacts, promises, visits (and their
flagged bookings), agreements, complaints, payments, notes and the case's own decisions — what
the case page, `case show` and their tests read (app/queries/case_page.py puts it beside the
figures)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreements.closing import closed_with_loan
from app.agreements.outcome import ENDINGS, ended_on
from app.agreements.readiness import agreement_made_ready, status_words
from app.compliance.lawyers import lawyer_ids
from app.i18n import tr
from app.labels import (
    AGREEMENT_KIND,
    AUDIT_ACTION,
    CLOSE_REASON,
    COMPLAINT_CATEGORY,
    COMPLAINT_STATUS,
    DEFAULT_REASON,
    INCIDENT_KIND,
    PROMISE_STATUS,
    VERDICT,
    VISIT_STATUS,
    contact_title,
    label,
)
from app.loans.closure_trail import decisions_of
from app.models import Agreement, Case, Complaint, ContactAttempt, Promise, User, Visit
from app.money import fmt
from app.office import office_timezone
from app.privacy import mask_address
from app.queries.case_story_complaints import complaint_said
from app.queries.case_story_flags import booking_flag_lines
from app.queries.case_story_holders import holder_lines
from app.queries.case_story_moves import visit_moment, visit_moves
from app.queries.case_story_notes import note_lines
from app.queries.case_story_payments import payment_lines
from app.queries.case_story_rejudged import rejudged_lines
from app.queries.loans import LoanDetail
from app.visits.no_check_in import missed
from app.visits.team_gone import gone_team_visits
from app.wall_clock import wall_time


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime  # aware UTC; a date-only event sits at 00:00 office time
    kind: str  # contact | promise | visit | agreement | complaint | payment | case | note
    title: str
    detail: str = ""
    dated: bool = False  # a day without a time of day (a payment, the case opened …)
    # Which of two at the same time came later: the contact's id (a promise's, its contact's).
    # The contact dialog keeps minutes, so an unanswered call and its redial share one.
    seq: int = 0

    def when(self, zone: dt.tzinfo) -> str:
        """The time in `zone` ("2026-11-28 17:58"); a date-only event's day alone."""
        return wall_time(self.at, zone, "%Y-%m-%d" if self.dated else "%Y-%m-%d %H:%M")


class OfficeClock:
    """Turns office-local dates into aware UTC datetimes at 00:00 office time."""

    def __init__(self, session: Session) -> None:
        name = office_timezone(session)
        self.name = name
        self.zone = zoneinfo.ZoneInfo(name)

    def day(self, value: dt.date) -> dt.datetime:
        return dt.datetime.combine(value, dt.time(), self.zone).astimezone(dt.UTC)


def timeline(
    session: Session,
    case: Case,
    loan: LoanDetail,
    lang: str | None = None,
    clock: OfficeClock | None = None,
) -> list[TimelineItem]:
    """The case's story, newest first: contacts, promises, visits, agreements, complaints…"""
    clock = clock or OfficeClock(session)
    t = lambda msgid, **p: tr(msgid, lang, **p)  # noqa: E731
    items: list[TimelineItem] = []
    agents = dict(session.execute(select(User.id, User.display_name)).all())
    contacts = select(ContactAttempt).where(ContactAttempt.case_id == case.id)
    lawyers = lawyer_ids(session, loan.borrower_id)  # no third parties: titled as the lawyer
    for c in session.scalars(contacts.order_by(ContactAttempt.id)):
        detail = [t("by {agent}", agent=agents.get(c.agent_id, "?"))]
        if str(c.verdict) != "allowed" and c.override_by_id is None:  # else said just below
            detail.append(t("compliance: {verdict}", verdict=label(VERDICT, c.verdict, lang)))
        if c.override_by_id is not None:
            detail.append(
                t(
                    "overridden by {supervisor}: {reason}",
                    supervisor=agents.get(c.override_by_id, "?"),
                    reason=c.override_reason or "",
                )
            )
        if c.notes:
            detail.append(c.notes)
        items.append(
            TimelineItem(
                c.at,
                "contact",
                contact_title(
                    c.channel, c.party, c.outcome, lang, lawyer=c.related_person_id in lawyers
                ),
                " · ".join(detail),
                seq=c.id,
            )
        )
    # A promise stands at the time of the contact it was made in (or its visit's check-out),
    # not when it was typed in: where its window opens (app/promises.py).
    promises = (
        select(Promise, ContactAttempt.at, Visit.checked_out_at)
        .outerjoin(ContactAttempt, ContactAttempt.id == Promise.contact_attempt_id)
        .outerjoin(Visit, Visit.id == Promise.visit_id)
        .where(Promise.case_id == case.id)
    )
    for p, talked_at, checked_out_at in session.execute(promises):
        items.append(
            TimelineItem(
                talked_at or checked_out_at or p.created_at,
                "promise",
                t(
                    "Promise to pay {amount} by {date}",
                    amount=fmt(p.amount),
                    date=p.due_on.isoformat(),
                ),
                t(
                    "{status}; paid {paid}",
                    status=label(PROMISE_STATUS, p.status, lang),
                    paid=fmt(p.paid_amount),
                ),
                seq=p.contact_attempt_id or 0,
            )
        )
    visits = list(session.scalars(select(Visit).where(Visit.case_id == case.id)))
    moves = visit_moves(session, [v.visit_no for v in visits], lang)  # its slots before
    # Booked, to come, with an account on its team that may no longer go (QA s46: said only on
    # the visit's own views).
    gone = {g.visit_no for g in gone_team_visits(session, case_id=case.id)} if visits else set()
    for v in visits:
        at, times = visit_moment(v, clock.zone, lang)  # when it happened, if the team went
        detail = [mask_address(v.address)] if v.address else []
        detail += [times] if times else []
        detail += moves.get(v.visit_no, [])
        if v.quiet_agreed_by:  # the slot's early or late time, asked for by the borrower
            detail.append(
                t(
                    "early or late time agreed by {who}: {how}",
                    who=v.quiet_agreed_by,
                    how=v.quiet_agreed_how or "",
                )
            )
        if v.default_reason:
            detail.append(
                t("reason: {reason}", reason=label(DEFAULT_REASON, v.default_reason, lang))
            )
        if v.notes:
            detail.append(v.notes)
        if v.next_step:
            detail.append(t("next step: {step}", step=v.next_step))
        if v.cancel_reason:  # as the Visits page says it (QA: the story said only "cancelled")
            detail.append(t("why cancelled: {reason}", reason=v.cancel_reason))
        for incident in v.incidents:
            kind = label(INCIDENT_KIND, incident.kind, lang)
            if not incident.description:  # none written, or erased with the borrower's data
                detail.append(t("incident: {kind}", kind=kind))
                continue
            detail.append(
                t("incident: {kind} ({description})", kind=kind, description=incident.description)
            )
        items.append(
            TimelineItem(
                at,
                "visit",
                t(
                    "Visit {number}: {status}",
                    number=v.visit_no,
                    status=_visit_status(v, lang, v.visit_no in gone),
                ),
                " · ".join(detail),
            )
        )
    for at, title, said in booking_flag_lines(session, case.id, agents, lang):
        items.append(TimelineItem(at, "visit", title, said))  # a flagged booking or move
    # The line stands at the signing (or the drafting) with the status now: one that ended
    # says when, or a breach read as if on the signing day (found by QA).
    agreements = list(session.scalars(select(Agreement).where(Agreement.case_id == case.id)))
    ends = ended_on(session, [a.id for a in agreements if a.status.value in ENDINGS])
    with_loan = closed_with_loan(  # cancelled as the loan was paid off or written off: why
        session, [a.agreement_no for a in agreements if a.id in ends], lang
    )
    for a in agreements:
        at = clock.day(a.signed_on) if a.signed_on else a.created_at
        terms = t(
            "settle {settled} of {debt}, waive {waiver}",
            settled=fmt(a.settled_amount),
            debt=fmt(a.debt_amount),
            waiver=fmt(a.waiver_amount),
        )
        if a.agreement_no in with_loan:
            day = ends[a.id].isoformat()
            ending = t("Cancelled on {date}: {reason}", date=day, reason=with_loan[a.agreement_no])
            terms = f"{terms} · {ending}"
        elif a.id in ends:
            ending = t(ENDINGS[a.status.value], date=ends[a.id].isoformat())
            terms = f"{terms} · {ending}"
        items.append(
            TimelineItem(
                at,
                "agreement",
                t(
                    "Agreement {number} ({kind}): {status}",
                    number=a.agreement_no,
                    kind=label(AGREEMENT_KIND, a.kind, lang),
                    status=status_words(a.status, agreement_made_ready(session, a), lang),
                ),
                terms,
                dated=a.signed_on is not None,
            )
        )
    for at, title, said in rejudged_lines(session, [a.agreement_no for a in agreements], lang):
        items.append(TimelineItem(at, "agreement", title, said))
    for k in session.scalars(select(Complaint).where(Complaint.case_id == case.id)):
        items.append(
            TimelineItem(
                clock.day(k.received_on),
                "complaint",
                t(
                    "Complaint {number}: {category} ({status})",
                    number=k.complaint_no,
                    category=label(COMPLAINT_CATEGORY, k.category, lang),
                    status=label(COMPLAINT_STATUS, k.status, lang),
                ),
                complaint_said(k, agents, clock.zone, t),
                dated=True,
            )
        )
    for at, title, reference, dated in payment_lines(session, case, loan, clock.zone, lang):
        items.append(TimelineItem(at, "payment", title, reference, dated=dated))
    for at, action, who, changes in decisions_of(session, case, lang):
        who_name = agents.get(who, "?") if who is not None else tr("(system)", lang)
        detail = [t("by {agent}", agent=who_name), str(changes.get("reason", ""))]
        if changes.get("on"):
            detail.insert(0, t("on {date}", date=changes["on"]))
        if action == "loan.write_off":
            detail.insert(0, t("{amount} still owed", amount=fmt(int(changes["outstanding"]))))
        at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        items.append(
            TimelineItem(at, "case", label(AUDIT_ACTION, action, lang), " · ".join(detail))
        )
    items.append(TimelineItem(clock.day(case.opened_on), "case", t("Case opened"), dated=True))
    opened = clock.day(case.opened_on)  # a holder from before the trail stands there
    for n, (at, title, said, dated) in enumerate(
        holder_lines(session, case, agents, opened, lang), start=1
    ):
        items.append(TimelineItem(at, "case", title, said, dated=dated, seq=n))
    if case.closed_on:
        items.append(
            TimelineItem(
                clock.day(case.closed_on),
                "case",
                t("Case closed ({reason})", reason=label(CLOSE_REASON, case.close_reason, lang))
                if case.close_reason
                else t("Case closed (reason not recorded)"),
                dated=True,
            )
        )
    for at, title, text, note_id in note_lines(session, case.id, agents, lang):
        items.append(TimelineItem(at, "note", title, text, seq=note_id))
    order = {
        "case": 0,
        "payment": 1,
        "complaint": 2,
        "agreement": 3,
        "visit": 4,
        "promise": 5,
        "contact": 6,
        "note": 7,  # written after what it is about, at the same time
    }
    items.sort(key=lambda i: (i.at, order[i.kind], i.seq), reverse=True)
    return items


def _visit_status(visit: Visit, lang: str | None, gone: bool = False) -> str:
    """ "booked", and "booked, not checked in" once its time has passed with no check-in, as the
    Visits page says it (QA: the story read "booked" for good); "booked, team to staff anew"
    with an account on its team that may no longer go (`gone`)."""
    text = label(VISIT_STATUS, visit.status, lang)
    if missed(visit.status, visit.scheduled_end):
        return tr("{status}, not checked in", lang, status=text)
    return tr("{status}, team to staff anew", lang, status=text) if gone else text
