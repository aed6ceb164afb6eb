"""third_party_consent through the use case that logs a contact: a relative who never agreed, on
a loan whose contract gives no third-party consent, is not called even after three failed calls
to the borrower — nothing is saved, the block is recorded and audited as every block is; the
person's or the contract's consent lets the call through; a guarantor is never affected; an
office on the 2026.1 rule set gets the block once its admin adds the rule."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select

from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.compliance.shipped_rules import add_shipped_rules
from app.contacts import check_contact, log_contact
from app.loans.service import book_loan
from app.models import (
    AuditEntry,
    BlockedAttempt,
    Borrower,
    Case,
    ContactAttempt,
    Loan,
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
from tests.compliance.util import store_old_ruleset
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PHONE = "+8613812345678"
# Related people: (name, relation, phone, agreed to be contacted).
PEOPLE = {
    "never_agreed": ("王五", Relationship.SIBLING, "+8613900000001", False),
    "agreed": ("赵六", Relationship.PARENT, "+8613900000002", True),
    "guarantor": ("钱七", Relationship.GUARANTOR, "+8613900000003", False),
}


def _yesterday(hour: int) -> dt.datetime:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A CN office with one case assigned to agent01; its loan's contract gives no consent to
    third-party contact; the borrower has three related people (PEOPLE)."""
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
            related_persons=[
                RelatedPerson(name=name, relation=relation, phone=phone, consent_to_contact=agreed)
                for name, relation, phone, agreed in PEOPLE.values()
            ],
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
            third_party_consent=False,
        )
        rebuild_queue(s, None, office_today(), loan_ids=[loan.id])
        case = s.scalar(select(Case))
        assert case is not None
        case.assigned_agent_id = agent.id
    return db


def _case_no(db) -> str:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return str(s.scalar(select(Case.case_no)))


def _person(db, key: str) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        found = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == PEOPLE[key][0]))
        assert found is not None
        return found


def _log(db, **fields):  # type: ignore[no-untyped-def]
    user = authenticate(db.sessions, "agent01", "pw-agent")
    fields = {"channel": "call", "party": "borrower", "outcome": "connected"} | fields
    with db.session(write_lock=True) as s:
        return log_contact(s, s.get(User, user.id), _case_no(db), **fields)


def _three_failed_calls(db) -> None:  # type: ignore[no-untyped-def]
    for hour in (9, 10, 11):
        result = _log(db, outcome="no_answer", phone_number=PHONE, at=_yesterday(hour))
        assert result.saved


def _call(db, who: str, party: str = "relative"):  # type: ignore[no-untyped-def]
    """A connected call at noon yesterday to one of PEOPLE."""
    return _log(
        db,
        party=party,
        related_person_id=_person(db, who),
        phone_number=PEOPLE[who][2],
        at=_yesterday(12),
    )


def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(ContactAttempt)) or 0,
            s.scalar(select(func.count()).select_from(BlockedAttempt)) or 0,
        )


def test_a_relative_who_never_agreed_is_blocked_and_nothing_is_saved(office) -> None:  # type: ignore[no-untyped-def]
    _three_failed_calls(office)
    assert _counts(office) == (3, 0)
    result = _call(office, "never_agreed")
    assert not result.saved and result.verdict.kind is VerdictKind.BLOCKED
    assert result.verdict.findings[0].rule == "third_party_consent"
    # The threshold of three failed calls is met: the consent rule alone blocks.
    assert "third_party_threshold" not in {f.rule for f in result.verdict.findings}
    assert _counts(office) == (3, 1)
    with office.sessions() as s:
        block = s.scalar(select(BlockedAttempt))
        assert block is not None and block.party.value == "relative"
        assert block.findings[0]["rule"] == "third_party_consent"
        assert block.findings[0]["severity"] == "blocked"
        assert block.ruleset_version_id is not None
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "contact.blocked"))
        assert entry is not None and entry.entity_id == _case_no(office)
        assert "third_party_consent" in entry.changes["rules"]  # type: ignore[index]
    # The contact dialog's live check says the same before anything is typed into the log.
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with office.sessions() as s:
        live = check_contact(
            s,
            s.get(User, agent.id),
            _case_no(office),
            channel="call",
            party="relative",
            at=_yesterday(12),
            outcome=None,
            phone_number=PEOPLE["never_agreed"][2],
            related_person_id=_person(office, "never_agreed"),
        )
    assert live.kind is VerdictKind.BLOCKED and live.findings[0].rule == "third_party_consent"


def test_a_relative_who_agreed_is_called_with_the_disclosure_reminder(office) -> None:  # type: ignore[no-untyped-def]
    _three_failed_calls(office)
    result = _call(office, "agreed")
    assert result.saved and result.verdict.kind is VerdictKind.WARNING
    assert "third_party_consent" not in {f.rule for f in result.verdict.findings}
    assert _counts(office) == (4, 0)


def test_the_contracts_consent_lets_the_call_through(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        loan = s.scalar(select(Loan))
        assert loan is not None
        loan.third_party_consent = True
    _three_failed_calls(office)
    result = _call(office, "never_agreed")
    assert result.saved and result.verdict.kind is VerdictKind.WARNING
    assert _counts(office) == (4, 0)


def test_a_guarantor_is_a_party_to_the_debt_not_a_third_party(office) -> None:  # type: ignore[no-untyped-def]
    result = _call(office, "guarantor", party="guarantor")  # no failed calls needed either
    assert result.saved and result.verdict.kind is VerdictKind.ALLOWED
    assert result.verdict.findings == ()


def test_an_office_on_the_old_rule_set_is_protected_once_the_rule_is_added(office) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        store_old_ruleset(s)
    _three_failed_calls(office)
    before = _call(office, "never_agreed")
    assert before.saved and before.verdict.ruleset == "CN 2026.1"  # the gap in 2026.1
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert admin is not None
        add_shipped_rules(s, admin, ["third_party_consent"])
    after = _call(office, "never_agreed")
    assert not after.saved and after.verdict.kind is VerdictKind.BLOCKED
    assert after.verdict.ruleset == "CN 2026.1-r2"
    assert after.verdict.findings[0].rule == "third_party_consent"
