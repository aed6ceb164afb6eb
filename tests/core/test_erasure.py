"""Erasing a borrower's personal data once every record of theirs is past its retention (PIPL
Art. 47; app/erasure.py) on the demo office: refused within the period, with a loan still owed
and to anyone but an admin; what is gone and what stays; a search by the old name, ID number or
phone finds nothing; the reports of an old period give the same figures; the audit entry holds
no personal data; nothing new is recorded about an erased borrower."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.erasure import ERASED_NAME, NotErasable, erase_borrower, erasure_refusal
from app.errors import PermissionDenied, ValidationError
from app.models import (
    Address,
    AuditEntry,
    Borrower,
    BorrowerErasure,
    Case,
    Complaint,
    ContactAttempt,
    Loan,
    LoanStatus,
    Phone,
    RelatedPerson,
    User,
    Visit,
)
from app.queries.search import matching_borrowers
from app.retention import past_retention, retention_rule
from tests.office_day import office_today


def _user(s, name: str) -> User:  # type: ignore[no-untyped-def]
    user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _erasable(s) -> Borrower:  # type: ignore[no-untyped-def]
    """The demo's first borrower of a case past its retention whom nothing else keeps."""
    rule = retention_rule(s)
    for past in past_retention(s).cases:
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id))
        if erasure_refusal(s, borrower, rule, office_today()) is None:
            return borrower
    raise AssertionError("the demo office has no borrower past their retention")


def _found(s, text: str) -> set[int]:  # type: ignore[no-untyped-def]
    query = matching_borrowers(s, text)
    return set() if query is None else set(s.scalars(query))


def _figures(s, period: tuple[dt.date, dt.date]):  # type: ignore[no-untyped-def]
    """The compliance and portfolio reports of an old period, without their print time."""
    from app.reporting.compliance import compliance_report
    from app.reporting.portfolio import portfolio_report

    sup = _user(s, "supervisor")
    start, end = period
    compliance = compliance_report(s, sup, start, end)
    portfolio = portfolio_report(s, sup, end, start, end)
    return (
        dataclasses.replace(compliance, header=None),
        dataclasses.replace(portfolio, header=None),
    )


def test_an_erasure_removes_the_personal_data_and_keeps_the_figures(demo_db) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        bid, number, name, national_id = (
            borrower.id,
            borrower.borrower_no,
            borrower.name,
            borrower.national_id,
        )
        phone = borrower.phones[0].number
        assert bid in _found(s, name) and bid in _found(s, national_id) and bid in _found(s, phone)
        cases = list(
            s.scalars(select(Case).join(Loan).where(Loan.borrower_id == bid).order_by(Case.id))
        )
        case_ids = [c.id for c in cases]
        period = (min(c.opened_on for c in cases), max(c.closed_on for c in cases))
        misses = s.execute(
            select(ContactAttempt.phone_number, func.count())
            .where(ContactAttempt.case_id.in_(case_ids))
            .group_by(ContactAttempt.phone_number)
        ).all()
        assert misses and any(n for n, _ in misses)
        before = _figures(s, period)
        erased = erase_borrower(s, _user(s, "admin"), number)
        s.commit()
    assert erased.borrower_no == number and erased.case_nos == tuple(c.case_no for c in cases)
    with demo_db.session() as s:
        b = s.get(Borrower, bid)
        assert (b.name, b.name_pinyin, b.name_typed) == (ERASED_NAME, "", "")
        assert (b.national_id, b.national_id_hash, b.employer, b.birth_date) == ("", "", "", None)
        assert b.borrower_no == number  # not personal: the office's own number
        assert s.scalar(select(func.count()).where(Phone.borrower_id == bid)) == 0
        assert s.scalar(select(func.count()).where(Address.borrower_id == bid)) == 0
        people = s.scalars(select(RelatedPerson).where(RelatedPerson.borrower_id == bid)).all()
        assert all(p.name == "" and p.phone == "" for p in people)
        contacts = s.scalars(
            select(ContactAttempt).where(ContactAttempt.case_id.in_(case_ids))
        ).all()
        assert contacts and all(c.notes == "" for c in contacts)
        assert not {c.phone_number for c in contacts} & {phone}
        # The same number keeps one stand-in: the caps per number count as they did.
        after_misses = s.execute(
            select(ContactAttempt.phone_number, func.count())
            .where(ContactAttempt.case_id.in_(case_ids))
            .group_by(ContactAttempt.phone_number)
        ).all()
        assert sorted(n for _, n in after_misses) == sorted(n for _, n in misses)
        for visit in s.scalars(select(Visit).where(Visit.case_id.in_(case_ids))):
            assert (visit.address, visit.notes, visit.capacity_note) == ("", "", "")
        for complaint in s.scalars(select(Complaint).where(Complaint.case_id.in_(case_ids))):
            assert (complaint.description, complaint.investigation_notes) == ("", "")
        # Nothing a search finds by what was personal.
        assert bid not in _found(s, name) | _found(s, national_id) | _found(s, phone)
        assert _figures(s, period) == before
        assert s.get(BorrowerErasure, bid) is not None
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "borrower.erased"))
        assert entry is not None and entry.entity_id == number
        assert entry.changes == {"borrower_id": bid, "cases": list(erased.case_nos)}
        text = str(entry.changes)
        assert name not in text and national_id not in text and phone not in text


def test_an_erased_borrower_is_refused_again_and_takes_nothing_new(demo_db) -> None:
    from app.borrower_phones import add_phone
    from app.borrowers import update_borrower_flags

    with demo_db.session() as s:
        admin = _user(s, "admin")
        borrower = _erasable(s)
        number, version = borrower.borrower_no, borrower.version
        erase_borrower(s, admin, number)
        s.commit()
    today = office_today().isoformat()
    with demo_db.session() as s:
        admin = _user(s, "admin")
        with pytest.raises(NotErasable, match=f"already erased on {today}"):
            erase_borrower(s, admin, number)
        with pytest.raises(ValidationError) as refused:
            add_phone(s, admin, number, "13912345678")
        assert refused.value.translated("en") == (
            f"The personal data of borrower {number} were erased on {today}: nothing new can be "
            "recorded about them."
        )
        assert "个人信息" in refused.value.translated("zh_CN")
        with pytest.raises(ValidationError, match="were erased on"):
            version = s.get(Borrower, s.scalar(select(Borrower.id).where(
                Borrower.borrower_no == number))).version  # fmt: skip
            update_borrower_flags(s, admin, number, expected_version=version, do_not_visit=True)


def test_a_borrower_within_the_period_or_still_owing_is_refused(demo_db) -> None:
    today = office_today()
    with demo_db.session() as s:
        admin, rule = _user(s, "admin"), retention_rule(s)
        owing = s.scalar(
            select(Borrower)
            .join(Loan)
            .join(Case)
            .where(Loan.status == LoanStatus.ACTIVE, Case.status != "CLOSED")
            .order_by(Borrower.id)
            .limit(1)
        )
        with pytest.raises(NotErasable) as refused:
            erase_borrower(s, admin, owing.borrower_no)
        assert refused.value.translated("en").startswith(
            f"Borrower {owing.borrower_no} cannot be erased: loan "
        )
        assert refused.value.translated("en").endswith(
            " is still Active; that waits until the loan is closed and its records' retention has "
            "ended."
        )
        # Every loan closed, a case closed lately: kept until a date, which the refusal names.
        kept = None
        for borrower in s.scalars(select(Borrower).join(Loan).where(Loan.closed_on.is_not(None))):
            why = erasure_refusal(s, borrower, rule, today)
            if why is not None and "the records of case" in why.translated("en"):
                kept = borrower, why
                break
        assert kept is not None
        borrower, why = kept
        with pytest.raises(NotErasable) as refused:
            erase_borrower(s, admin, borrower.borrower_no)
        words = refused.value.translated("en")
        assert words == why.translated("en")
        until = words.split("cannot be erased before ")[1][:10]
        assert dt.date.fromisoformat(until) >= today
        assert "keeps the records of case C" in words and "Records retention (CN 2026.7)" in words
        zh = refused.value.translated("zh_CN")
        assert until in zh and borrower.borrower_no in zh and "记录保存期限" in zh
        assert s.scalar(select(func.count()).select_from(BorrowerErasure)) == 0


@pytest.mark.parametrize("username", ["supervisor", "agent01"])
def test_only_an_admin_erases(demo_db, username: str) -> None:
    with demo_db.session() as s:
        borrower = _erasable(s)
        with pytest.raises(PermissionDenied, match="may not erase a borrower's personal data"):
            erase_borrower(s, _user(s, username), borrower.borrower_no)
        assert borrower.name != ERASED_NAME


def test_a_case_closed_without_a_date_keeps_its_borrower(demo_db) -> None:
    """A closed case with no closing date (test data: as an old import may leave one) starts no
    period: its records are kept as an open case's, and the refusal says why."""
    with demo_db.session() as s:
        borrower = _erasable(s)
        case = s.scalar(select(Case).join(Loan).where(Loan.borrower_id == borrower.id))
        case.closed_on = None
        s.flush()
        with pytest.raises(NotErasable) as refused:
            erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
        assert refused.value.translated("en") == (
            f"Borrower {borrower.borrower_no} cannot be erased: case {case.case_no} is closed "
            "without a closing date, so its loan's records are kept as an open case's are."
        )
        assert case.case_no in refused.value.translated("zh_CN")


@pytest.mark.parametrize("text", [ERASED_NAME, "——", " — ", "-", "--", "…", "·"])
def test_punctuation_alone_finds_no_erased_borrower(demo_db, text: str) -> None:
    """An erased name is stored as "—": a search for it (or any dashes or dots alone) found every
    erased borrower, a list of exactly the people whose data were to be gone."""
    from app.queries.borrowers import borrower_count, borrower_ids
    from app.queries.cases import search_condition

    with demo_db.session() as s:
        number = _erasable(s).borrower_no
        erase_borrower(s, _user(s, "admin"), number)
        s.commit()
    with demo_db.sessions() as s:
        bid = s.scalar(select(Borrower.id).where(Borrower.borrower_no == number))
        assert s.get(Borrower, bid).name == ERASED_NAME
        assert _found(s, text) == set() and borrower_ids(s, text) == []
        assert borrower_count(s, text) == 0
        condition = search_condition(s, text)
        assert condition is not None
        assert s.scalar(select(func.count()).select_from(Case).where(condition)) == 0
        # Still found by the office's own number (not personal), and others by their names.
        assert _found(s, number) == {bid}
        other = s.scalar(select(Borrower).where(Borrower.id != bid).limit(1))
        assert other.id in _found(s, other.name[1:])
