"""Logging contacts through the compliance engine: saved, flagged, overridden or blocked."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.contacts import check_contact, log_contact
from app.errors import PermissionDenied, ValidationError
from app.loans.service import book_loan
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Borrower,
    Case,
    ContactAttempt,
    LoanProduct,
    Phone,
    RelatedPerson,
    Relationship,
    Segment,
    User,
    VerdictKind,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.conftest import TEST_KEY

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = "+8613812345678"


def _yesterday(hour: int, minute: int = 0, tz: zoneinfo.ZoneInfo = SHANGHAI) -> dt.datetime:
    day = dt.datetime.now(tz).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tz)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        add_user(s, admin, "agent02", "agent", "pw-agent")
        nid = "11010519491231002X"
        b = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number=PHONE, is_primary=True)],
            related_persons=[
                # Agreed to be contacted: the contract itself gives no third-party consent.
                RelatedPerson(
                    name="李四",
                    relation=Relationship.RELATIVE,
                    phone="+8613912345678",
                    consent_to_contact=True,
                )
            ],
        )
        s.add(b)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        loan = book_loan(
            s,
            admin,
            loan_no="L1",
            borrower=b,
            product=product,
            principal=1_200_000,
            term_months=12,
            disbursed_on=dt.date.today() - dt.timedelta(days=120),
            annual_rate_bp=0,
            home_visit_consent=True,
        )
        rebuild_queue(s, None, dt.date.today(), loan_ids=[loan.id])
        case = s.scalar(select(Case))
        case.assigned_agent_id = agent.id
    return db


def _log(db, who="agent01", password="pw-agent", **fields):
    user = authenticate(db.sessions, who, password)
    fields.setdefault("channel", "call")
    fields.setdefault("party", "borrower")
    fields.setdefault("outcome", "connected")
    fields.setdefault("phone_number", PHONE)
    with db.session(write_lock=True) as s:
        result = log_contact(s, s.get(User, user.id), _case_no(db), **fields)
        return result.verdict, result.saved


def _case_no(db) -> str:
    with db.session() as s:
        return s.scalar(select(Case.case_no))


def _counts(db):
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(ContactAttempt)),
            s.scalar(select(func.count()).select_from(BlockedAttempt)),
        )


def test_fourth_conversation_of_the_day_is_blocked(office):
    for hour in (9, 10, 11):
        verdict, saved = _log(office, at=_yesterday(hour))
        assert saved and verdict.kind in (VerdictKind.ALLOWED, VerdictKind.WARNING)
    verdict, saved = _log(office, at=_yesterday(12))
    assert not saved and verdict.kind is VerdictKind.BLOCKED
    assert any("conversation" in f.rule for f in verdict.findings)
    assert _counts(office) == (3, 1)


def test_quiet_hours_block_at_2230_borrower_time(office):
    verdict, saved = _log(office, at=_yesterday(22, 30))
    assert not saved and verdict.kind is VerdictKind.BLOCKED
    assert "quiet_hours" in [f.rule for f in verdict.findings]
    assert _counts(office) == (0, 1)


def test_third_party_needs_an_override_then_is_audited(office):
    with office.session() as s:
        person = s.scalar(select(RelatedPerson.id))
    fields = {
        "party": "relative",
        "related_person_id": person,
        "phone_number": "+8613912345678",
        "at": _yesterday(10),
    }
    verdict, saved = _log(office, **fields)
    assert not saved and verdict.kind is VerdictKind.NEEDS_OVERRIDE
    assert _counts(office) == (0, 0)
    sup = authenticate(office.sessions, "supervisor", "pw-sup")
    with office.session(write_lock=True) as s:
        result = log_contact(
            s,
            s.get(User, sup.id),
            _case_no(office),
            channel="call",
            outcome="connected",
            override_by=s.get(User, sup.id),
            override_reason="Borrower's number invalid for weeks",
            **fields,
        )
        assert result.saved and result.attempt.override_by_id == sup.id
    with office.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "contact.log"))
        assert entry.changes["override_reason"] == "Borrower's number invalid for weeks"
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with pytest.raises(PermissionDenied), office.session(write_lock=True) as s:
        log_contact(
            s,
            s.get(User, agent.id),
            _case_no(office),
            channel="call",
            outcome="connected",
            override_by=s.get(User, agent.id),
            override_reason="I say so",
            **fields,
        )


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"channel": "pigeon"}, "Unknown channel"),
        ({"party": "neighbour"}, "Unknown party"),
        ({"outcome": "maybe"}, "Unknown outcome"),
        ({"at": dt.datetime(2026, 1, 5, 10, 0)}, "time zone"),
        ({"at": dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)}, "future"),
        ({"promise": (0, dt.date.today() + dt.timedelta(days=3))}, "more than zero"),
        ({"promise": (10_000, dt.date(2020, 1, 1))}, "before the contact"),
        (
            {"outcome": "no_answer", "promise": (10_000, dt.date.today() + dt.timedelta(days=3))},
            "made in a conversation",
        ),
    ],
)
def test_bad_input_saves_nothing(office, fields, message):
    fields.setdefault("at", _yesterday(10))
    with pytest.raises(ValidationError, match=message):
        _log(office, **fields)
    assert _counts(office) == (0, 0)


def test_agents_only_log_their_own_cases(office):
    with pytest.raises(PermissionDenied):
        _log(office, who="agent02", at=_yesterday(10))


def test_check_saves_nothing(office):
    user = authenticate(office.sessions, "agent01", "pw-agent")
    with office.session() as s:
        verdict = check_contact(
            s,
            s.get(User, user.id),
            _case_no(office),
            channel="call",
            party="borrower",
            at=_yesterday(23),
            outcome=None,
            phone_number=PHONE,
        )
    assert verdict.kind is VerdictKind.BLOCKED and _counts(office) == (0, 0)


def _race_worker(path: str, at: str, barrier, results) -> None:  # runs in its own process
    import os

    os.environ["CASEDESK_LANG"] = "en"
    from db.store import open_database

    db = open_database(Path(path), TEST_KEY)
    barrier.wait(timeout=30)
    verdict, saved = _log(db, at=dt.datetime.fromisoformat(at))
    results.put(saved)
    db.close()


@pytest.mark.sqlite_only  # opens the file from other processes; tests/pg/test_race.py on PG
def test_two_workstations_cannot_both_log_the_fourth_conversation(office):
    for hour in (9, 10):
        _log(office, at=_yesterday(hour))
    path = str(office.path)
    office.close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_race_worker, args=(path, _yesterday(h).isoformat(), barrier, results))
        for h in (11, 12)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    saved = sorted(results.get(timeout=5) for _ in workers)
    assert saved == [False, True]  # exactly one of the two was refused


def test_a_promise_stands_in_the_story_at_its_contact_s_time(office):
    """Logged today for a call yesterday: the promise is placed at the call, not at the typing."""
    from app.queries.case_page import case_detail

    call = _yesterday(10)
    verdict, saved = _log(office, at=call, promise=(10_000, dt.date.today() + dt.timedelta(days=3)))
    assert saved
    with office.sessions() as s:
        user = s.scalar(select(User).where(User.username == "agent01"))
        story = case_detail(s, user, _case_no(office)).timeline
    (promise,) = [item for item in story if item.kind == "promise"]
    (contact,) = [item for item in story if item.kind == "contact"]
    assert promise.at == contact.at == call.astimezone(dt.UTC)
