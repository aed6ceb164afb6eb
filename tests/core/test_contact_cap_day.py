"""A contact logged for an earlier day is held to that day's caps, and the block says that day:
"The borrower had 3 conversations on 2026-12-01", not "… today" (nor 今天), through
`contact log` and `contact check` alike."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.contacts import check_contact, log_contact
from app.loans.service import book_loan
from app.models import Borrower, Case, LoanProduct, Phone, Segment, User, VerdictKind
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = "+8613812345678"


def _days_ago(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        train(s, admin, agent)
        nid = "11010519491231002X"
        borrower = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number=PHONE, is_primary=True)],
        )
        s.add(borrower)
        loan = book_loan(
            s,
            admin,
            loan_no="L1",
            borrower=borrower,
            product=s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL")),
            principal=1_200_000,
            term_months=12,
            disbursed_on=office_today() - dt.timedelta(days=120),
            annual_rate_bp=0,
        )
        rebuild_queue(s, None, office_today(), loan_ids=[loan.id])
        case = s.scalar(select(Case))
        assert case is not None
        case.assigned_agent_id = agent.id
    return db


def _fields(outcome: str, at: dt.datetime) -> dict[str, object]:
    return {"channel": "call", "party": "borrower", "outcome": outcome, "at": at}


def _log(db, outcome: str, at: dt.datetime):  # type: ignore[no-untyped-def]
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    with db.session(write_lock=True) as s:
        case_no = str(s.scalar(select(Case.case_no)))
        return log_contact(s, s.get(User, agent.id), case_no, **_fields(outcome, at))  # type: ignore[arg-type]


def _check(db, outcome: str, at: dt.datetime):  # type: ignore[no-untyped-def]
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    with db.sessions() as s:
        case_no = str(s.scalar(select(Case.case_no)))
        return check_contact(s, s.get(User, agent.id), case_no, **_fields(outcome, at))


def _cap_words(verdict, rule: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    found = next(f for f in verdict.findings if f.rule == rule)
    return found.text("en"), found.text("zh_CN")


def test_the_conversation_cap_names_the_day_of_a_back_dated_contact(office) -> None:  # type: ignore[no-untyped-def]
    for hour in (10, 11, 12):
        assert _log(office, "connected", _days_ago(2, hour)).saved
    day = _days_ago(2, 0).date().isoformat()
    fourth = _days_ago(2, 13)
    for verdict in (_check(office, "connected", fourth), _log(office, "connected", fourth).verdict):
        assert verdict.kind is VerdictKind.BLOCKED
        english, chinese = _cap_words(verdict, "daily_conversation_cap")
        assert english == f"The borrower had 3 conversations on {day}; the daily limit is 3."
        assert chinese == f"{day} 已与借款人通话 3 次；每日上限为 3 次。"
        assert "today" not in english and "今天" not in chinese


def test_the_unanswered_cap_names_the_day_of_a_back_dated_attempt(office) -> None:  # type: ignore[no-untyped-def]
    for minute in range(6):
        assert _log(office, "no_answer", _days_ago(3, 9, minute)).saved
    day = _days_ago(3, 0).date().isoformat()
    seventh = _days_ago(3, 9, 30)
    for verdict in (_check(office, "busy", seventh), _log(office, "busy", seventh).verdict):
        assert verdict.kind is VerdictKind.BLOCKED
        english, chinese = _cap_words(verdict, "daily_attempt_cap")
        assert english == (f"6 unanswered attempts on this number on {day}; the daily limit is 6.")
        assert chinese == f"{day} 此号码已有 6 次未接通；每日上限为 6 次。"
