"""A borrower's copy of their personal data (PIPL Art. 45 查阅、复制; UK GDPR Art. 15, a subject
access request; in the US where the law gives one): everything the office holds about one
borrower, gathered as plain data for reports/access_copy.py and app/access_copy_file.py.

What is in it: their identity (the ID number in full: it is their own), phones, addresses, the
related persons they named (name and relation in full, as the borrower gave them; the related
person's own number masked, since it is that person's data, and so a number of the borrower's
also on file for someone else: app.phone_shared), loans with schedule and payments,
cases (status, dates, days overdue), contact attempts (when, channel, who was reached, the number
dialled, outcome, notes, by whom), the notes written on their cases (when, text, by whom),
promises, visits (dates, address, findings and notes), agreements with their instalments, the
complaints about their cases, stop flags and consents.

What is not: the work queue's score and priority (the office's internal ordering), the compliance
rules' findings and a supervisor's override reasons (the office's own judgement of its agents), a
visit's cost and its incident reports (the office's staff and their safety), a complaint's
investigation notes (about the agents), and anything about another borrower.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.borrowers import find_borrower
from app.erased import erased_on
from app.errors import ValidationError
from app.masking import mask_phone
from app.models import (
    Borrower,
    Case,
    Instalment,
    Loan,
    LoanProduct,
    Payment,
    User,
)
from app.office import get_office, office_now, office_zone
from app.phone_shared import shared_numbers
from app.queries.borrowers import STOP_FLAGS  # in the borrower page's order
from app.wall_clock import wall_time


@dataclass(frozen=True)
class Identity:
    borrower_no: str
    name: str
    national_id: str  # in full: the borrower's own
    id_country: str  # CN, US, GB: what the office's country calls the number
    birth_date: dt.date | None
    gender: str  # "M", "F" or ""
    segment: str
    timezone: str
    employer: str
    on_file_since: dt.date


@dataclass(frozen=True)
class PhoneRow:
    number: str
    kind: str
    primary: bool
    valid: bool


@dataclass(frozen=True)
class AddressRow:
    kind: str
    line: str
    city: str
    province: str
    postcode: str
    verified_on: dt.date | None


@dataclass(frozen=True)
class RelatedRow:
    name: str
    relation: str
    phone: str  # masked: the related person's own number
    consent: bool
    do_not_contact: bool


@dataclass(frozen=True)
class LoanRow:
    loan_no: str
    product: str  # in the copy's language
    principal: int
    annual_rate_bp: int
    term_months: int
    schedule_type: str
    disbursed_on: dt.date
    first_due_on: dt.date
    status: str
    closed_on: dt.date | None
    credit_balance: int
    home_visit_consent: bool
    third_party_consent: bool


@dataclass(frozen=True)
class InstalmentRow:
    loan_no: str
    seq: int
    due_on: dt.date
    principal_due: int
    interest_due: int
    fee_due: int
    paid: int
    paid_off_on: dt.date | None


@dataclass(frozen=True)
class PaymentRow:
    loan_no: str
    paid_on: dt.date
    amount: int
    method: str
    reference: str


@dataclass(frozen=True)
class CaseRow:
    case_no: str
    loan_no: str
    status: str
    opened_on: dt.date
    closed_on: dt.date | None
    close_reason: str
    dpd: int
    amount_overdue: int


@dataclass(frozen=True)
class ContactRow:
    at: str  # on the office's clock
    case_no: str
    channel: str
    party: str
    person: str  # the related person's name, when one was reached
    number: str  # the borrower's own in full; a related person's masked
    outcome: str
    notes: str
    by: str  # the agent's name


@dataclass(frozen=True)
class NoteRow:
    at: str  # on the office's clock
    case_no: str
    text: str
    by: str  # the author's name


@dataclass(frozen=True)
class PromiseRow:
    case_no: str
    made_on: dt.date
    amount: int
    due_on: dt.date
    status: str
    paid_amount: int


@dataclass(frozen=True)
class VisitRow:
    visit_no: str
    case_no: str
    status: str
    address: str
    scheduled: str  # start on the office's clock, "" when never booked
    checked_in: str
    checked_out: str
    default_reason: str
    capacity_note: str
    proposal: str
    notes: str
    next_step: str
    cancel_reason: str


@dataclass(frozen=True)
class AgreementRow:
    agreement_no: str
    case_no: str
    kind: str
    status: str
    debt: int
    settled: int
    waiver: int
    signed_on: dt.date | None
    stated_reason: str
    stated_capacity: str
    ready: bool = False  # approved: made ready for signing, not by a supervisor (readiness.py)


@dataclass(frozen=True)
class PlanRow:
    agreement_no: str
    seq: int
    due_on: dt.date
    amount: int
    paid_amount: int
    status: str


@dataclass(frozen=True)
class ComplaintRow:
    complaint_no: str
    case_no: str
    received_on: dt.date
    source: str
    channel: str
    category: str
    status: str
    deadline_on: dt.date
    closed_on: dt.date | None
    description: str
    outcome: str


@dataclass
class AccessCopy:
    """Everything the office holds about one borrower, as of `generated_at`."""

    office_name: str
    generated_at: dt.datetime  # on the office's clock
    paper: str
    identity: Identity
    flags: dict[str, bool]
    phones: list[PhoneRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    related: list[RelatedRow] = field(default_factory=list)
    loans: list[LoanRow] = field(default_factory=list)
    instalments: list[InstalmentRow] = field(default_factory=list)
    payments: list[PaymentRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    promises: list[PromiseRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    agreements: list[AgreementRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)


def copy_borrower(session: Session, actor: User, borrower_no: str) -> Borrower:
    """The borrower whose copy `actor` asks for: refused to anyone but a supervisor or an admin,
    for an unknown number, and for a borrower whose personal data were erased."""
    require(actor, Permission.COPY_PERSONAL_DATA)
    borrower = find_borrower(session, borrower_no)
    day = erased_on(session, borrower.id)
    if day is not None:
        raise ValidationError(
            "The personal data of borrower {number} were erased on {date}: the office holds "
            "nothing of theirs to copy.",
            number=borrower.borrower_no,
            date=day.isoformat(),
        )
    return borrower


def _by_id(row: Any) -> int:
    """In the order they were recorded: a relationship's rows come in no set order (PostgreSQL)."""
    return int(row.id)


def gather_copy(session: Session, actor: User, borrower_no: str, lang: str = "en") -> AccessCopy:
    """Everything the office holds about the borrower, as plain data (product names in `lang`)."""
    from app.access_copy_work import gather_work
    from app.country_data import office_country
    from app.paper import office_paper

    b = copy_borrower(session, actor, borrower_no)
    shared = shared_numbers(session, b.id, [p.number for p in b.phones])
    office = get_office(session)
    identity = Identity(
        b.borrower_no, b.name, b.national_id, office_country(session),
        b.birth_date, b.gender or "", str(b.segment), b.timezone, b.employer or "",
        office_day_of(session, b.created_at),
    )  # fmt: skip
    copy = AccessCopy(
        office.name if office else "",
        office_now(session),
        office_paper(session),
        identity,
        {name: bool(getattr(b, name)) for name in STOP_FLAGS},
        [
            PhoneRow(
                mask_phone(p.number) if p.number in shared else p.number,
                p.kind,
                p.is_primary,
                p.valid,
            )
            for p in sorted(b.phones, key=_by_id)
        ],
        [
            AddressRow(a.kind, a.line, a.city, a.province, a.postcode, a.verified_on)
            for a in sorted(b.addresses, key=_by_id)
        ],
        [
            RelatedRow(
                r.name,
                str(r.relation),
                mask_phone(r.phone) if r.phone else "",
                r.consent_to_contact,
                r.do_not_contact,
            )  # fmt: skip
            for r in sorted(b.related_persons, key=_by_id)
        ],
    )
    _loans(session, b, copy, lang)
    gather_work(session, b, copy)
    return copy


def office_day_of(session: Session, at: dt.datetime) -> dt.date:
    """The office's date of a stored (UTC) moment."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(office_zone(session)).date()


def office_time(session: Session, at: dt.datetime | None) -> str:
    """A stored (UTC) moment on the office's clock, "" for none."""
    return "" if at is None else wall_time(at, office_zone(session))


def _loans(session: Session, b: Borrower, copy: AccessCopy, lang: str) -> None:
    loans = session.execute(
        select(Loan, LoanProduct)
        .join(LoanProduct, LoanProduct.id == Loan.product_id)
        .where(Loan.borrower_id == b.id)
        .order_by(Loan.disbursed_on, Loan.id)
    ).all()
    numbers = {loan.id: loan.loan_no for loan, _product in loans}
    for loan, product in loans:
        copy.loans.append(
            LoanRow(
                loan.loan_no,
                product.name_zh if lang == "zh_CN" else product.name_en,
                loan.principal,
                loan.annual_rate_bp,
                loan.term_months,
                str(loan.schedule_type),
                loan.disbursed_on,
                loan.first_due_on,
                str(loan.status),
                loan.closed_on,
                loan.credit_balance,
                loan.home_visit_consent,
                loan.third_party_consent,
            )  # fmt: skip
        )
    ids = list(numbers)
    schedule = select(Instalment).where(Instalment.loan_id.in_(ids))
    for i in session.scalars(schedule.order_by(Instalment.loan_id, Instalment.seq)):
        copy.instalments.append(
            InstalmentRow(
                numbers[i.loan_id],
                i.seq,
                i.due_on,
                i.principal_due,
                i.interest_due,
                i.fee_due,
                i.total_paid,
                i.paid_off_on,
            )  # fmt: skip
        )
    for p in session.scalars(
        select(Payment).where(Payment.loan_id.in_(ids)).order_by(Payment.paid_on, Payment.id)
    ):
        copy.payments.append(
            PaymentRow(numbers[p.loan_id], p.paid_on, p.amount, p.method, p.reference or "")
        )


def case_numbers(session: Session, b: Borrower) -> dict[int, tuple[str, str]]:
    """The borrower's cases: id → (case number, loan number), oldest first."""
    rows = session.execute(
        select(Case.id, Case.case_no, Loan.loan_no)
        .join(Loan, Loan.id == Case.loan_id)
        .where(Loan.borrower_id == b.id)
        .order_by(Case.opened_on, Case.id)
    )
    return {case_id: (case_no, loan_no) for case_id, case_no, loan_no in rows}
