"""The whole trail of one case for a supervisor answering a complaint: the Audit log filtered by
case number lists the entries about the case and everything of it (its visit, the promise made
at it, its complaint, its loan's payments while open) and nothing of the borrower's other case;
by borrower, both cases and the borrower's own entries. An unknown number is a clear error, an
empty trail says so. QA: the Audit page filtered one record at a time (the case's entries, or
one visit's), never the case with everything of it. Times explicit, in Shanghai."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.cases.payments import find_loan
from app.complaints import record_complaint
from app.errors import NotFound
from app.loans.service import post_payment
from app.models import AuditEntry, User, Visit
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows
from app.visits import check_in, check_out
from tests.core.visit_office import (
    SHANGHAI,
    book,
    build_visit_office,
    case_nos,
    login,
    office_today,
    verified_visit,
)


def _went(db, case_no: str) -> tuple[str, dt.datetime]:
    """A visit on the case booked for 10:00–11:30 four days ago, the team in at 11:10, out at
    12:05 with a promise; its number and booked start."""
    visit_no = verified_visit(db, case_no)
    assert book(db, visit_no).saved
    start = dt.datetime.combine(office_today() - dt.timedelta(days=4), dt.time(10), SHANGHAI)
    with db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.visit_no == visit_no))
        visit.booked_at = start - dt.timedelta(days=2)
        visit.scheduled_start, visit.scheduled_end = start, start + dt.timedelta(minutes=90)
    user = login(db, "agent01")
    with db.session(write_lock=True) as s:
        actor = s.get(User, user.id)
        check_in(s, actor, visit_no, at=start + dt.timedelta(minutes=70))
        check_out(
            s,
            actor,
            visit_no,
            default_reason="job_loss",
            promise=(80_000, office_today() + dt.timedelta(days=3)),
            at=start + dt.timedelta(minutes=125),
        )
    return visit_no, start


@pytest.fixture
def office(db):
    build_visit_office(db)
    cases = case_nos(db)  # borrower 1's first case, 2's, 3's, then borrower 1's second
    visit_no, _start = _went(db, cases[0])
    verified_visit(db, cases[1])  # another borrower's case
    verified_visit(db, cases[3])  # the same borrower's other case
    boss = login(db, "supervisor")
    with db.session(write_lock=True) as s:
        actor = s.get(User, boss.id)
        post_payment(s, actor, find_loan(s, "L0001"), 30_000, office_today())
        record_complaint(
            s, actor, case_no=cases[0], agent_username="agent01", received_on=office_today(),
            source="borrower", channel="phone", category="harassment", description="上门态度差",
        )  # fmt: skip
    return db, cases, visit_no


def _trail(db, lang: str = "en", **flt) -> list:
    with db.session() as s:
        boss = s.get(User, login(db, "supervisor").id)
        ids = audit_ids(s, boss, AuditFilter(**flt))
        rows = audit_rows(s, ids, lang)
        return [rows[i] for i in ids]


def test_the_case_filter_finds_everything_of_the_case_and_nothing_else(office) -> None:
    db, cases, visit_no = office
    rows = _trail(db, case_no=cases[0].lower())  # typed in lower case
    actions = {r.action for r in rows}
    assert {
        "visit.request", "visit.verify", "visit.book", "visit.check_in", "visit.check_out",
        "promise.create", "payment.post", "complaint.record",
    } <= actions  # fmt: skip
    assert "loan.book" not in actions  # the loan's booking is before the case opened
    subjects = {(r.entity, r.entity_id) for r in rows}
    assert ("case", cases[0]) in subjects and ("visit", visit_no) in subjects
    with db.session() as s:  # nothing of the other cases, the same borrower's included
        others = set(
            s.scalars(
                select(AuditEntry.entity_id).where(
                    AuditEntry.entity == "visit", AuditEntry.entity_id != visit_no
                )
            )
        )
    assert len(others) == 2 and not others & {i for _e, i in subjects}
    assert all(r.entity in ("case", "visit", "complaint", "loan") for r in rows)
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)


def test_the_borrower_filter_finds_both_their_cases_and_their_loans(office) -> None:
    db, cases, _visit = office
    by_case = {r.id for r in _trail(db, case_no=cases[0])}
    by_borrower = _trail(db, borrower_no="B00001")
    ids = {r.id for r in by_borrower}
    assert by_case < ids
    assert {r.entity_id for r in by_borrower if r.action == "loan.book"} == {"L0001", "L0004"}
    assert not {r.id for r in _trail(db, case_no=cases[1])} & ids


def test_an_empty_trail_says_so_and_an_unknown_number_is_an_error(office) -> None:
    db, cases, _visit = office
    flt = AuditFilter(case_no=cases[2])  # borrower 3's case: nothing done on it
    assert _trail(db, case_no=cases[2]) == []
    assert flt.nothing("en") == f"No audit entries for case {cases[2]}."
    assert flt.nothing("zh_CN") == f"没有案件 {cases[2]} 的审计记录。"
    with pytest.raises(NotFound) as raised:
        _trail(db, case_no="C2099-999999")
    assert raised.value.translated("en") == "Unknown case C2099-999999."
    assert raised.value.translated("zh_CN") == "未知案件 C2099-999999。"
    with pytest.raises(NotFound) as raised:
        _trail(db, borrower_no="B99999")
    assert raised.value.translated("en") == "Unknown borrower B99999."
