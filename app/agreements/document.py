"""The printable agreement's contents, gathered as plain data for reports/agreement.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.agreements.common import find_agreement, status_phrase, waiver_threshold
from app.agreements.holiday_dates import date_notes, office_holiday_country
from app.agreements.readiness import agreement_made_ready, status_words
from app.auth import Permission, require
from app.country_data import office_country
from app.erased import erased_on
from app.errors import ValidationError
from app.models import Agreement, AgreementStatus, Case, User
from app.office import get_office, office_day, office_now, office_today
from app.paper import office_paper
from app.privacy import mask_id
from app.reporting.period import versions_on_day

# Never signed: a cancelled agreement may have been signed before (its signed_on kept).
UNSIGNED = frozenset({AgreementStatus.DRAFT, AgreementStatus.APPROVED})
# The statuses whose terms both parties have signed.
SIGNED = frozenset(
    {
        AgreementStatus.SIGNED,
        AgreementStatus.ACTIVE,
        AgreementStatus.COMPLETED,
        AgreementStatus.BREACHED,
    }
)


@dataclass(frozen=True)
class DocumentRow:
    seq: int
    due_on: dt.date
    amount: int  # minor units
    # The due date's public holiday in the office's calendar, as the draft dialog and the CLI say
    # it, in (Chinese, English): ("法定节假日：春节", "a public holiday: Chinese New Year …");
    # None for a day that is none. A generated date moved off a holiday is not said so here: the
    # plan keeps only its dates, not whether they were generated or typed (holiday_notes).
    holiday_note: tuple[str, str] | None = None


@dataclass(frozen=True)
class AgreementDocument:
    agreement_no: str
    status: AgreementStatus
    kind: str  # "settlement" | "instalment_plan"
    office_name: str
    lender_name: str  # the office's legal name, else its name
    lender_address: str
    lender_phone: str
    currency: str
    borrower_name: str
    borrower_id_masked: str
    loan_no: str
    product_zh: str
    product_en: str
    principal: int
    disbursed_on: dt.date
    case_no: str
    debt: int
    settled: int
    waiver: int
    drafted_on: dt.date
    signed_on: dt.date | None
    rows: tuple[DocumentRow, ...]
    generated_at: dt.datetime
    supersedes: str | None = None
    # The office's day the debt was taken (an edit may take it again after the drafting); None:
    # the drafting day.
    debt_on: dt.date | None = None
    # A cancelled agreement's: the office's day it was cancelled or superseded (from the audit
    # trail), and the agreement that replaced it, if one did.
    cancelled_on: dt.date | None = None
    superseded_by: str | None = None
    # The rule-set versions in force on the signing day, or on the office's today for an
    # agreement not signed ("CN 2026.1"): two when the rule set was edited that day.
    ruleset_versions: tuple[str, ...] = ()
    # Whose ID number the borrower's is, for its label: CN (resident ID), US (SSN), GB (NI number).
    id_country: str = "CN"
    paper: str = "a4"  # what the agreement is laid out on (app/paper.py)
    # The office's date the borrower's personal data were erased (app/erasure.py): the document
    # says so where their name and ID number stood.
    borrower_erased_on: dt.date | None = None
    # A draft that needs no supervisor's approval, or an approved one its drafter made ready for
    # signing (app/agreements/readiness.py): its status and next step say so.
    ready: bool = False

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED and self.signed_on is not None

    @property
    def was_signed(self) -> bool:
        """Signed once, in force or not: a cancelled copy of signed terms still says when."""
        return self.signed_on is not None and self.status not in UNSIGNED

    @property
    def is_draft(self) -> bool:
        return self.status is AgreementStatus.DRAFT


# What to do instead of a signed copy, by the agreement's status (no CLI words: the CLI says its
# own, app/cli/cmd_agreement.py); a draft within its drafter's authority is made ready for
# signing, not approved (READY_NEXT_STEP).
NEXT_STEP = {
    AgreementStatus.DRAFT: "Agreement {number} is {status}; only a signed agreement prints as "
    "signed. Print it as a copy for signing, or have it approved and record the signing first.",
    AgreementStatus.APPROVED: "Agreement {number} is {status}; only a signed agreement prints as "
    "signed. Print it as a copy for signing, or record the signing first.",
}
READY_NEXT_STEP = (
    "Agreement {number} is {status}; only a signed agreement prints as signed. Print it as a "
    "copy for signing, or make it ready for signing and record the signing first."
)
ONLY_SIGNED = "Agreement {number} is {status}; only a signed agreement prints as signed."


class NotSignedYet(ValidationError):
    """A signed copy asked of an agreement that is not signed, saying what to do instead (print a
    copy for signing, or record the signing first); `agreement_no`, `status` and `ready` let a
    caller say it in its own words. `ready`: a draft needs no supervisor's approval, or an
    approved one was made ready for signing by its drafter (app/agreements/readiness.py)."""

    def __init__(self, agreement_no: str, status: AgreementStatus, ready: bool = False) -> None:
        drafted = status is AgreementStatus.DRAFT
        message = READY_NEXT_STEP if drafted and ready else NEXT_STEP.get(status, ONLY_SIGNED)
        said = status_phrase(status) if drafted else status_words(status, ready)
        super().__init__(message, number=agreement_no, status=said)
        self.agreement_no = agreement_no
        self.status = status
        self.ready = ready


def refuse_signed_copy(doc: AgreementDocument) -> ValidationError:
    return NotSignedYet(doc.agreement_no, doc.status, doc.ready)


def gather_document(
    session: Session, user: User, agreement_no: str, *, as_signed: bool = False
) -> AgreementDocument:
    """The agreement's document; `as_signed` asks for the signed copy, refused unless it is
    signed. Each print is audited (a document with personal data leaves the database)."""
    doc = printable_document(session, user, agreement_no, as_signed=as_signed)
    record_print(session, user, doc)
    return doc


def printable_document(
    session: Session, user: User, agreement_no: str, *, as_signed: bool = False
) -> AgreementDocument:
    """The document as `gather_document` gives it, its print not yet audited: for the writer
    that audits it once the file is written (app/agreements/printing.py)."""
    require(user, Permission.DRAFT_AGREEMENTS)
    agreement: Agreement = find_agreement(session, user, agreement_no)
    doc = _document(session, agreement)
    if as_signed and not doc.is_signed:
        raise refuse_signed_copy(doc)
    return doc


def record_print(session: Session, user: User, doc: AgreementDocument) -> None:
    """Audit one print of the agreement: its status then, and whether it was the signed copy."""
    audit.record(
        session,
        user,
        "agreement.print",
        "agreement",
        doc.agreement_no,
        {"status": doc.status.value, "signed_copy": doc.is_signed},
    )


def _document(session: Session, agreement: Agreement) -> AgreementDocument:
    case = session.get(Case, agreement.case_id)
    assert case is not None
    loan = case.loan
    borrower = loan.borrower
    office = get_office(session)
    old = session.get(Agreement, agreement.supersedes_id) if agreement.supersedes_id else None
    cancelled_on, superseded_by = _cancelled(session, agreement)
    return AgreementDocument(
        agreement_no=agreement.agreement_no,
        status=agreement.status,
        kind=agreement.kind.value,
        office_name=office.name if office else "",
        lender_name=(office.legal_name or office.name) if office else "",
        lender_address=office.address if office else "",
        lender_phone=office.phone if office else "",
        currency=office.currency if office else "CNY",
        borrower_name=borrower.name,
        borrower_id_masked=mask_id(borrower.national_id) or "—",
        loan_no=loan.loan_no,
        product_zh=loan.product.name_zh,
        product_en=loan.product.name_en,
        principal=loan.principal,
        disbursed_on=loan.disbursed_on,
        case_no=case.case_no,
        debt=agreement.debt_amount,
        settled=agreement.settled_amount,
        waiver=agreement.waiver_amount,
        drafted_on=office_day(session, agreement.created_at),
        # The debt as of the day it was taken: an edit after a payment takes it again (QA s47 #2).
        debt_on=office_day(session, agreement.debt_taken_at or agreement.created_at),
        signed_on=agreement.signed_on,
        rows=_rows(session, agreement),
        generated_at=office_now(session),
        supersedes=old.agreement_no if old else None,
        cancelled_on=cancelled_on,
        superseded_by=superseded_by,
        ruleset_versions=_rulesets_in_force(session, agreement),
        id_country=office_country(session),
        paper=office_paper(session),
        borrower_erased_on=erased_on(session, borrower.id),
        ready=_ready(session, agreement),
    )


def _rows(session: Session, agreement: Agreement) -> tuple[DocumentRow, ...]:
    """The plan's rows, each due date on one of the office's public holidays noted."""
    plan = agreement.instalments
    notes = holiday_notes(office_holiday_country(session), [i.due_on for i in plan])
    return tuple(
        DocumentRow(i.seq, i.due_on, i.amount, note) for i, note in zip(plan, notes, strict=True)
    )


def holiday_notes(country: str | None, dates: list[dt.date]) -> list[tuple[str, str] | None]:
    """Each date's note in (Chinese, English) when it is a public holiday of `country`, else None.
    Only holidays are noted, not moves off them (date_notes' `moves`): which dates drafting moved
    is known while drafting and not stored, and a date typed the day after a holiday looks the
    same as one moved there."""
    zh = date_notes(country, dates, lang="zh_CN")
    en = date_notes(country, dates, lang="en")
    return [(z, e) if z and e else None for z, e in zip(zh, en, strict=True)]


def _ready(session: Session, agreement: Agreement) -> bool:
    """A draft within its drafter's authority, or an approved one made ready for signing."""
    from app.agreements.lifecycle import in_force_beside, needs_approval

    if agreement.status is AgreementStatus.DRAFT:
        replaces = in_force_beside(session, agreement)
        return not needs_approval(agreement, waiver_threshold(session), replaces)
    return agreement_made_ready(session, agreement)


def _cancelled(session: Session, agreement: Agreement) -> tuple[dt.date | None, str | None]:
    """When a cancelled agreement was cancelled or superseded (the office's day of its audit
    entry) and the agreement that superseded it; (None, None) for one not cancelled."""
    from app.models import AuditEntry

    if agreement.status is not AgreementStatus.CANCELLED:
        return None, None
    at = session.scalar(
        select(AuditEntry.at)
        .where(
            AuditEntry.entity == "agreement",
            AuditEntry.entity_id == agreement.agreement_no,
            AuditEntry.action.in_(["agreement.cancel", "agreement.superseded"]),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    newer = session.scalar(
        select(Agreement.agreement_no)
        .where(Agreement.supersedes_id == agreement.id)
        .order_by(Agreement.id.desc())
        .limit(1)
    )
    return (office_day(session, at) if at is not None else None), newer


def _rulesets_in_force(session: Session, agreement: Agreement) -> tuple[str, ...]:
    """The rule-set versions the footer names: a signed agreement's are those of its signing
    day, not of the day it is reprinted; an unsigned one's, those of the office's today."""
    day = agreement.signed_on or office_today(session)
    return versions_on_day(session, day)
