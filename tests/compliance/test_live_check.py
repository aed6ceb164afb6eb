"""The live check (`check_contact`) reads the case's facts and the active rule set version in one
prepared statement, without the ORM: its verdict is the saving path's, and a changed flag,
complaint or rule set version counts on the very next check (nothing stale is reused)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.compliance import change_parameters
from app.compliance.gate import judge
from app.contacts import check_contact, find_case, make_action
from app.errors import NotFound, PermissionDenied
from app.models import (
    Borrower,
    Case,
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    ContactAttempt,
    Outcome,
    Party,
    RelatedPerson,
    RuleSetVersion,
    User,
    VerdictKind,
)
from tests.compliance.live_office import PHONE, build_office, yesterday


@pytest.fixture
def office(db):
    return build_office(db)


def _user(s, name: str = "agent01") -> User:
    return s.scalar(select(User).where(User.username == name))


def _check(db, name: str = "agent01", **fields):
    """The live check as the contact dialog runs it: its own short session."""
    fields = {"channel": "call", "party": "borrower", "outcome": "connected", **fields}
    fields.setdefault("at", yesterday(10))
    fields.setdefault("phone_number", PHONE)
    with db.sessions() as s:
        return check_contact(s, _user(s, name), "c1 ", **fields)


def _contact(db, hour: int, outcome: Outcome = Outcome.CONNECTED) -> None:
    """A call to the borrower yesterday at `hour`, written as history."""
    with db.session() as s:
        s.add(
            ContactAttempt(
                case_id=s.scalar(select(Case.id)),
                agent_id=_user(s).id,
                channel=Channel.CALL,
                party=Party.BORROWER,
                phone_number=PHONE,
                at=yesterday(hour),
                outcome=outcome,
                verdict=VerdictKind.ALLOWED,
            )
        )


def _rules(verdict) -> set[str]:
    return {f.rule for f in verdict.findings}


CASES = [
    {"at": yesterday(10)},
    {"at": yesterday(22, 30)},  # quiet hours
    {"at": yesterday(12), "outcome": None},  # a pre-check
    {"at": yesterday(11), "outcome": "no_answer"},
    {"channel": "sms", "outcome": "delivered", "at": yesterday(15)},
    {"party": "relative", "phone_number": "+8613912345678", "related": True},  # third party
]


@pytest.mark.parametrize("fields", CASES)
def test_the_live_verdict_is_the_saving_paths(office, fields):
    for hour in (9, 11):
        _contact(office, hour, Outcome.NO_ANSWER if hour == 11 else Outcome.CONNECTED)
    fields = dict(fields)
    with office.sessions() as s:
        if fields.pop("related", False):
            fields["related_person_id"] = s.scalar(select(RelatedPerson.id))
    live = _check(office, **fields)
    full = {"channel": "call", "party": "borrower", "outcome": "connected", **fields}
    full.setdefault("at", yesterday(10))
    full.setdefault("phone_number", PHONE)
    with office.sessions() as s:  # what log_contact runs, on the ORM case
        case = find_case(s, _user(s), "C1")
        saving, _version = judge(s, case, make_action(s, case.id, **full))
    assert live == saving


def test_a_new_rule_set_version_counts_on_the_next_check(office):
    for hour in (8, 9):
        _contact(office, hour)
    before = _check(office)  # the statement is prepared and the version parsed now
    assert before.kind is VerdictKind.ALLOWED and before.ruleset == "CN 2026.7"
    with office.session() as s:
        change_parameters(
            s,
            s.scalar(select(User).where(User.username == "admin")),
            "daily_conversation_cap",
            {"max": 2},
        )
    after = _check(office)
    assert after.ruleset == "CN 2026.7-r2"
    assert after.kind is VerdictKind.BLOCKED and "daily_conversation_cap" in _rules(after)


def test_changed_facts_count_on_the_next_check(office):
    assert _check(office).kind is VerdictKind.ALLOWED
    with office.session() as s:
        s.scalar(select(Borrower)).contact_refused = True
    assert "stop_contact_refused" in _rules(_check(office))
    with office.session() as s:
        s.scalar(select(Borrower)).contact_refused = False
        s.add(
            Complaint(
                complaint_no="K1",
                case_id=s.scalar(select(Case.id)),
                received_on=dt.date.today(),
                deadline_on=dt.date.today() + dt.timedelta(days=15),
                category=ComplaintCategory.HARASSMENT,
                status=ComplaintStatus.OPEN,
                pauses_contact=True,
                created_at=yesterday(9).astimezone(dt.UTC),  # before the call checked (10:00)
            )
        )
    assert _rules(_check(office)) >= {"case_paused"}
    assert "stop_contact_refused" not in _rules(_check(office))
    with office.session() as s:
        s.scalar(select(Complaint)).status = ComplaintStatus.RESOLVED
    assert "case_paused" not in _rules(_check(office))


def test_a_broken_active_version_falls_back_to_the_last_good_one(office):
    good = _check(office)
    with office.session() as s:
        row = s.scalar(select(RuleSetVersion).where(RuleSetVersion.active))
        row.active = False
        s.add(
            RuleSetVersion(
                jurisdiction="cn",
                version="2026.1-r9",
                active=True,
                effective_on=row.effective_on,
                content=row.content.replace("[rules.quiet_hours]", "[rules.quiet", 1),
            )
        )
    assert _check(office) == good


def test_unknown_case_and_someone_elses_case_are_refused(office):
    with office.sessions() as s, pytest.raises(NotFound):
        check_contact(
            s, _user(s), "C404", channel="call", party="borrower", at=yesterday(10), outcome=None
        )
    with pytest.raises(PermissionDenied, match="C1"):
        _check(office, name="agent02")
