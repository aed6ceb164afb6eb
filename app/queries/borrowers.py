"""Borrower list and detail: ids sorted and filtered in SQL, then one page of display rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.country_data import office_country, takes_no_sms
from app.erased import erased_on
from app.errors import NotFound
from app.i18n import tr
from app.models import (
    Address,
    Borrower,
    BorrowerErasure,
    Instalment,
    Loan,
    LoanProduct,
    Phone,
    RelatedPerson,
)
from app.office import office_today
from app.privacy import mask_address, mask_id, mask_phone, mask_postcode
from app.queries.search import SortKeys, matching_borrowers, name_order, sort_terms

STOP_FLAGS = (
    "contact_refused",
    "has_lawyer",
    "do_not_visit",
    "do_not_call_at_work",
    "e_opt_out",
    "vulnerable",
    "quiet_hours_consent",
)


@dataclass(frozen=True)
class BorrowerRow:
    id: int
    borrower_no: str
    name: str
    masked_id: str
    segment: str
    phone: str  # primary phone, masked
    loans: int
    city: str


@dataclass(frozen=True)
class PhoneInfo:
    number: str  # masked
    kind: str
    is_primary: bool
    valid: bool
    landline: bool = False  # no SMS reaches it (app.country_data.takes_no_sms): said where listed


@dataclass(frozen=True)
class AddressInfo:
    kind: str
    line: str  # masked
    city: str
    province: str
    verified_on: dt.date | None
    postcode: str = ""  # masked as the line is (app.masking.mask_postcode)


@dataclass(frozen=True)
class RelatedInfo:
    name: str
    relation: str
    phone: str  # masked
    consent: bool
    do_not_contact: bool
    person_id: int = 0  # what app.borrowers.update_borrower_flags takes in `related`


@dataclass(frozen=True)
class LoanSummary:
    id: int
    loan_no: str
    product: str
    principal: int
    status: str
    outstanding: int


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """Whole years from `born` to `day` (None when the birth date is unknown)."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class BorrowerDetail:
    id: int
    borrower_no: str
    name: str
    masked_id: str
    # Whole years, not the birth date: the masked ID hides exactly the birth date (digits 7–14),
    # so the date beside it would give the whole number to anyone who may not reveal it.
    age: int | None
    gender: str
    segment: str
    timezone: str
    employer: str
    phones: list[PhoneInfo] = field(default_factory=list)
    addresses: list[AddressInfo] = field(default_factory=list)
    related: list[RelatedInfo] = field(default_factory=list)
    flags: dict[str, bool] = field(default_factory=dict)  # stop flag name → set
    loans: list[LoanSummary] = field(default_factory=list)
    version: int = 0  # the version a change of the flags is saved over
    id_country: str = "CN"  # the office's: what its ID number is called (app.id_labels)
    erased_on: dt.date | None = None  # the office's date its personal data were erased
    # Whom the borrower's cases are assigned to: who of the agents may record their numbers
    # (app.borrower_scope.holds).
    agents: frozenset[int] = frozenset()

    def title(self, lang: str | None = None) -> str:
        """The name, or once erased "Personal data erased on DATE"."""
        if self.erased_on is None:
            return self.name
        return tr("Personal data erased on {date}", lang, date=self.erased_on.isoformat())


def _primary_phone() -> ColumnElement[str]:
    return (
        select(Phone.number)
        .where(Phone.borrower_id == Borrower.id)
        .order_by(Phone.is_primary.desc(), Phone.id)
        .limit(1)
        .scalar_subquery()
    )


def _city() -> ColumnElement[str]:
    return (
        select(Address.city)
        .where(Address.borrower_id == Borrower.id)
        .order_by((Address.kind != "home"), Address.id)
        .limit(1)
        .scalar_subquery()
    )


def _loan_count() -> ColumnElement[int]:
    return select(func.count(Loan.id)).where(Loan.borrower_id == Borrower.id).scalar_subquery()


SORT_KEYS: SortKeys = {
    "name": name_order,
    "borrower_no": lambda: Borrower.borrower_no,
    "segment": lambda: Borrower.segment,
    "loans": _loan_count,
    "city": _city,
    "id": lambda: Borrower.id,
}


def borrower_ids(
    session: Session,
    search: str = "",
    sort: str = "name",
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of the borrowers matching `search`, in `sort` order (see SORT_KEYS); with `limit`,
    only the first ones (the Borrowers page's first screen)."""
    matching = matching_borrowers(session, search)
    condition = None if matching is None else Borrower.id.in_(matching)
    order = SORT_KEYS.get(sort, SORT_KEYS["name"])
    searching = condition is not None
    key = name_order(searching=True) if order is name_order and searching else order()
    query = select(Borrower.id).order_by(*sort_terms(key, Borrower.id, descending))
    if condition is not None:
        query = query.where(condition)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def borrower_count(session: Session, search: str = "") -> int:
    """How many borrowers `borrower_ids` lists for the same search."""
    matching = matching_borrowers(session, search)
    query = select(func.count()).select_from(Borrower)
    if matching is not None:
        query = query.where(Borrower.id.in_(matching))
    return int(session.scalar(query) or 0)


def borrower_rows(session: Session, ids: Sequence[int]) -> dict[int, BorrowerRow]:
    """Display rows for one page of ids (masked ID and phone)."""
    if not ids:
        return {}
    query = select(
        Borrower.id,
        Borrower.borrower_no,
        Borrower.name,
        Borrower.national_id,
        Borrower.segment,
        _primary_phone(),
        _loan_count(),
        _city(),
        BorrowerErasure.borrower_id,
    )
    query = query.outerjoin(BorrowerErasure, BorrowerErasure.borrower_id == Borrower.id)
    query = query.where(Borrower.id.in_(list(ids)))
    return {
        bid: BorrowerRow(
            bid,
            no,
            name,
            mask_id(nid),
            "" if erased else str(seg),  # an erased borrower's is a placeholder (app/erasure.py)
            mask_phone(phone or ""),
            loans,
            city or "",
        )
        for bid, no, name, nid, seg, phone, loans, city, erased in session.execute(query)
    }


def outstanding_by_loan(session: Session, loan_ids: Sequence[int]) -> dict[int, int]:
    """What is still owed on each loan (all instalments, due or not)."""
    owed = func.sum(
        Instalment.principal_due
        + Instalment.interest_due
        + Instalment.fee_due
        - Instalment.principal_paid
        - Instalment.interest_paid
        - Instalment.fee_paid
    )
    query = (
        select(Instalment.loan_id, owed)
        .where(Instalment.loan_id.in_(list(loan_ids)))
        .group_by(Instalment.loan_id)
    )
    return {loan_id: int(total or 0) for loan_id, total in session.execute(query)}


def borrower_detail(session: Session, borrower_id: int, lang: str | None = None) -> BorrowerDetail:
    """Everything the detail pane shows about one borrower, personal data masked."""
    from app.borrower_scope import case_agents
    from app.queries.loans import product_name

    b = session.get(Borrower, borrower_id)
    if b is None:
        raise NotFound("No borrower with id {id}.", id=borrower_id)
    loans = session.execute(
        select(
            Loan.id,
            Loan.loan_no,
            LoanProduct.name_en,
            LoanProduct.name_zh,
            Loan.principal,
            Loan.status,
        )
        .join(LoanProduct, Loan.product_id == LoanProduct.id)
        .where(Loan.borrower_id == borrower_id)
        .order_by(Loan.disbursed_on, Loan.id)
    ).all()
    owed = outstanding_by_loan(session, [row[0] for row in loans])
    erased = erased_on(session, b.id)
    return BorrowerDetail(
        id=b.id,
        borrower_no=b.borrower_no,
        name=b.name,
        masked_id=mask_id(b.national_id),
        id_country=office_country(session),
        erased_on=erased,
        age=age_on(b.birth_date, office_today(session)),
        gender=b.gender,
        segment="" if erased else str(b.segment),  # a placeholder once erased (app/erasure.py)
        timezone=b.timezone,
        employer=b.employer,
        phones=[
            PhoneInfo(
                mask_phone(p.number),
                p.kind,
                p.is_primary,
                p.valid,
                takes_no_sms(p.number, p.kind),
            )
            for p in b.phones
        ],
        addresses=[
            AddressInfo(
                a.kind,
                mask_address(a.line),
                a.city,
                a.province,
                a.verified_on,
                mask_postcode(a.postcode),
            )
            for a in session.scalars(
                select(Address).where(Address.borrower_id == borrower_id).order_by(Address.id)
            )
        ],
        related=[
            RelatedInfo(
                r.name,
                str(r.relation),
                mask_phone(r.phone) if r.phone else "",
                r.consent_to_contact,
                r.do_not_contact,
                r.id,
            )
            for r in session.scalars(
                select(RelatedPerson)
                .where(RelatedPerson.borrower_id == borrower_id, RelatedPerson.active)
                .order_by(RelatedPerson.id)
            )
        ],
        flags={name: bool(getattr(b, name)) for name in STOP_FLAGS},
        loans=[
            LoanSummary(
                lid, no, product_name(en, zh, lang), principal, str(status), owed.get(lid, 0)
            )
            for lid, no, en, zh, principal, status in loans
        ],
        version=b.version,
        agents=case_agents(session, b.id),
    )
