"""The collection work in a borrower's copy of their data (app/access_copy.py): their cases, the
contact attempts, notes, promises, visits, agreements and complaints about those cases — never the
queue's score, the rules' findings, an override's reason, a visit's cost or incidents, nor a
complaint's investigation notes (what the office thinks of its own agents' work)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access_copy import (
    AccessCopy,
    AgreementRow,
    CaseRow,
    ComplaintRow,
    ContactRow,
    NoteRow,
    PlanRow,
    PromiseRow,
    VisitRow,
    case_numbers,
    office_day_of,
    office_time,
)
from app.agreements.readiness import agreement_made_ready
from app.masking import mask_phone
from app.models import (
    Agreement,
    AgreementInstalment,
    Borrower,
    Case,
    CaseNote,
    Complaint,
    ContactAttempt,
    Party,
    Promise,
    RelatedPerson,
    User,
    Visit,
)
from app.phone_shared import shared_numbers


def gather_work(session: Session, b: Borrower, copy: AccessCopy) -> None:
    """Fill `copy`'s cases, contacts, notes, promises, visits, agreements and complaints."""
    cases = case_numbers(session, b)
    ids = list(cases)
    for c in session.scalars(
        select(Case).where(Case.id.in_(ids)).order_by(Case.opened_on, Case.id)
    ):
        copy.cases.append(
            CaseRow(
                c.case_no,
                cases[c.id][1],
                str(c.status),
                c.opened_on,
                c.closed_on,
                str(c.close_reason) if c.close_reason else "",
                c.dpd,
                c.amount_overdue,
            )  # fmt: skip
        )
    _contacts(session, b, cases, copy)
    _notes(session, cases, copy)
    for p in session.scalars(
        select(Promise).where(Promise.case_id.in_(ids)).order_by(Promise.due_on, Promise.id)
    ):
        copy.promises.append(
            PromiseRow(
                cases[p.case_id][0],
                office_day_of(session, p.created_at),
                p.amount,
                p.due_on,
                str(p.status),
                p.paid_amount,
            )  # fmt: skip
        )
    for v in session.scalars(
        select(Visit).where(Visit.case_id.in_(ids)).order_by(Visit.created_at, Visit.id)
    ):
        copy.visits.append(
            VisitRow(
                v.visit_no,
                cases[v.case_id][0],
                str(v.status),
                v.address,
                office_time(session, v.scheduled_start),
                office_time(session, v.checked_in_at),
                office_time(session, v.checked_out_at),
                str(v.default_reason) if v.default_reason else "",
                v.capacity_note,
                v.proposal,
                v.notes,
                v.next_step,
                v.cancel_reason or "",
            )  # fmt: skip
        )
    _agreements(session, cases, copy)
    for k in session.scalars(
        select(Complaint)
        .where(Complaint.case_id.in_(ids))
        .order_by(Complaint.received_on, Complaint.id)
    ):
        assert k.case_id is not None
        copy.complaints.append(
            ComplaintRow(
                k.complaint_no,
                cases[k.case_id][0],
                k.received_on,
                k.source,
                k.channel,
                str(k.category),
                str(k.status),
                k.deadline_on,
                k.closed_on,
                k.description,
                k.outcome,
            )  # fmt: skip
        )


def _contacts(
    session: Session, b: Borrower, cases: dict[int, tuple[str, str]], copy: AccessCopy
) -> None:
    """The attempts saved on the borrower's cases (a blocked one was never made: not here). The
    number dialled is the borrower's own in full; a related person's is masked, and so is one
    of the borrower's also on file for someone else (app.phone_shared)."""
    numbers = {p.number for p in b.phones}
    own = numbers - shared_numbers(session, b.id, numbers)
    rows = session.execute(
        select(ContactAttempt, RelatedPerson.name, User.display_name, User.username)
        .outerjoin(RelatedPerson, RelatedPerson.id == ContactAttempt.related_person_id)
        .outerjoin(User, User.id == ContactAttempt.agent_id)
        .where(ContactAttempt.case_id.in_(list(cases)))
        .order_by(ContactAttempt.at, ContactAttempt.id)
    )
    for a, person, agent_name, username in rows:
        number = a.phone_number or ""
        if number and (a.party != Party.BORROWER or number not in own):
            number = mask_phone(number)
        copy.contacts.append(
            ContactRow(
                office_time(session, a.at),
                cases[a.case_id][0],
                str(a.channel),
                str(a.party),
                person or "",
                number,
                str(a.outcome),
                a.notes or "",
                agent_name or username or "",
            )  # fmt: skip
        )


def _notes(session: Session, cases: dict[int, tuple[str, str]], copy: AccessCopy) -> None:
    """The notes written on the borrower's cases outside any contact (app/case_notes.py), in
    the order written, with their authors."""
    rows = session.execute(
        select(CaseNote, User.display_name, User.username)
        .outerjoin(User, User.id == CaseNote.author_id)
        .where(CaseNote.case_id.in_(list(cases)))
        .order_by(CaseNote.created_at, CaseNote.id)
    )
    for n, name, username in rows:
        copy.notes.append(
            NoteRow(office_time(session, n.created_at), cases[n.case_id][0], n.text,
                    name or username or "")
        )  # fmt: skip


def _agreements(session: Session, cases: dict[int, tuple[str, str]], copy: AccessCopy) -> None:
    agreements = list(
        session.scalars(
            select(Agreement)
            .where(Agreement.case_id.in_(list(cases)))
            .order_by(Agreement.created_at, Agreement.id)
        )
    )
    numbers = {a.id: a.agreement_no for a in agreements}
    for a in agreements:
        copy.agreements.append(
            AgreementRow(
                a.agreement_no,
                cases[a.case_id][0],
                str(a.kind),
                str(a.status),
                a.debt_amount,
                a.settled_amount,
                a.waiver_amount,
                a.signed_on,
                a.stated_reason,
                a.stated_capacity,
                agreement_made_ready(session, a),
            )  # fmt: skip
        )
    for i in session.scalars(
        select(AgreementInstalment)
        .where(AgreementInstalment.agreement_id.in_(list(numbers)))
        .order_by(AgreementInstalment.agreement_id, AgreementInstalment.seq)
    ):
        copy.plans.append(
            PlanRow(numbers[i.agreement_id], i.seq, i.due_on, i.amount, i.paid_amount, i.status)
        )
