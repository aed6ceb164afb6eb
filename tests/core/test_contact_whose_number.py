"""A number on file is its owner's line: the stop list and a related person's do-not-contact
cannot be got round by naming another party and typing a number that is on file.

The borrower's own number logged as another party is refused, naming whose number it is (logged
as the borrower, the stop list blocks it); a related person's number is that person — their
do-not-contact and consent judge it and the contact records them. `contact log` and `contact
check` (log_contact and check_contact) say the same, under the CN and the US rule sets.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import func, select

from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.compliance.versions import select_jurisdiction
from app.contacts import check_contact, log_contact
from app.errors import ValidationError
from app.loans.service import book_loan
from app.models import (
    BlockedAttempt,
    Borrower,
    Case,
    ContactAttempt,
    LoanProduct,
    Office,
    Phone,
    RelatedPerson,
    Relationship,
    Segment,
    User,
    VerdictKind,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PRIMARY, HOME = "+8613812345678", "+8613800138000"
# (name, relation, phone, agreed to be contacted, asked not to be contacted)
PEOPLE = {
    "spouse": ("彭雪", Relationship.SPOUSE, "+8613900000001", True, True),
    "parent": ("赵六", Relationship.PARENT, "+8613900000002", True, False),
    "sibling": ("王五", Relationship.SIBLING, "+8613900000003", False, False),
}
ROUTES = ("log", "check")


def _yesterday(hour: int) -> dt.datetime:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


@pytest.fixture(params=["cn", "us"])
def office(db, request):  # type: ignore[no-untyped-def]
    """One case whose borrower refused contact (stop list), on a loan whose contract gives no
    third-party consent; the borrower has two numbers and three related people (PEOPLE)."""
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        train(s, admin, agent)
        if request.param != "cn":
            select_jurisdiction(s, admin, request.param)
        nid = "11010519491231002X"
        borrower = Borrower(
            borrower_no="B1",
            name="张三",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            contact_refused=True,
            phones=[Phone(number=PRIMARY, is_primary=True), Phone(number=HOME, kind="home")],
            related_persons=[
                RelatedPerson(
                    name=name,
                    relation=relation,
                    phone=phone,
                    consent_to_contact=agreed,
                    do_not_contact=refused,
                )
                for name, relation, phone, agreed, refused in PEOPLE.values()
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


def _jurisdiction(db) -> str:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return str(s.scalar(select(Office.jurisdiction)))


def _case_no(db) -> str:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return str(s.scalar(select(Case.case_no)))


def _person(db, key: str) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        found = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == PEOPLE[key][0]))
        assert found is not None
        return found


def _contact(db, route: str, **fields):  # type: ignore[no-untyped-def]
    """`contact log` (the result's verdict, and the attempt saved or None) or `contact check`
    (the verdict, None), by agent01 with the supervisor's override offered to `log`."""
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    fields = {"channel": "call", "outcome": "connected", "at": _yesterday(10)} | fields
    if route == "check":
        with db.sessions() as s:
            return check_contact(s, s.get(User, agent.id), _case_no(db), **fields), None
    boss = authenticate(db.sessions, "supervisor", "pw-sup")
    with db.session(write_lock=True) as s:
        result = log_contact(
            s,
            s.get(User, agent.id),
            _case_no(db),
            override_by=s.get(User, boss.id),
            override_reason="urgent: the borrower is unreachable",
            **fields,
        )
        return result.verdict, (result.attempt.id if result.attempt else None)


def _counts(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(ContactAttempt)) or 0,
            s.scalar(select(func.count()).select_from(BlockedAttempt)) or 0,
        )


def _rules(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule for f in verdict.findings]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("party", "number", "channel"),
    [
        ("other", PRIMARY, "call"),
        ("other", "138 1234 5678", "call"),  # however it is written
        ("relative", "+86 138-0013-8000", "call"),  # the other number on file
        ("employer", PRIMARY, "call"),
        ("other", PRIMARY, "sms"),
    ],
)
def test_the_borrowers_own_number_as_another_party_is_refused_naming_it(
    office, route, party, number, channel
) -> None:  # type: ignore[no-untyped-def]
    outcome = "connected" if channel == "call" else "delivered"
    with pytest.raises(ValidationError, match="is the borrower's number on file") as refused:
        _contact(office, route, party=party, phone_number=number, channel=channel, outcome=outcome)
    assert "+86 138****" in str(refused.value)  # whose number, masked as the window shows them
    assert "号码" in refused.value.translated("zh_CN")
    assert _counts(office) == (0, 0)  # nothing saved, nothing recorded
    # Logged as what it is, a contact with the borrower, the stop list judges it.
    verdict, saved = _contact(
        office, route, party="borrower", phone_number=number, channel=channel, outcome=outcome
    )
    assert verdict.kind is VerdictKind.BLOCKED and saved is None
    assert "stop_contact_refused" in _rules(verdict)
    assert _counts(office) == (0, 1 if route == "log" else 0)


@pytest.mark.parametrize("route", ROUTES)
def test_a_named_persons_own_number_is_refused_when_it_is_the_borrowers(office, route) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="is the borrower's number on file"):
        _contact(
            office,
            route,
            party="relative",
            related_person_id=_person(office, "parent"),
            phone_number=PRIMARY,
        )


@pytest.mark.parametrize("route", ROUTES)
def test_a_related_persons_number_is_that_person_and_their_do_not_contact_holds(
    office, route
) -> None:  # type: ignore[no-untyped-def]
    spouse = PEOPLE["spouse"][2]
    for number in (spouse, "139 0000 0001"):
        verdict, saved = _contact(office, route, party="relative", phone_number=number)
        assert verdict.kind is VerdictKind.BLOCKED and saved is None  # an override cannot help
        assert _rules(verdict)[0] == "related_person_do_not_contact"
    assert _counts(office) == (0, 2 if route == "log" else 0)
    # The same as naming her.
    named, _ = _contact(
        office, route, party="relative", related_person_id=_person(office, "spouse")
    )
    assert _rules(named) == _rules(verdict)


@pytest.mark.parametrize("route", ROUTES)
def test_a_related_persons_consent_follows_their_number(office, route) -> None:  # type: ignore[no-untyped-def]
    never, agreed = (
        _contact(office, route, party="relative", phone_number=PEOPLE[key][2])[0]
        for key in ("sibling", "parent")
    )
    # CN: without the contract's consent, only the person's own lets a third party be called;
    # the US rule set ships that rule switched off.
    assert ("third_party_consent" in _rules(never)) is (_jurisdiction(office) == "cn")
    assert "third_party_consent" not in _rules(agreed)


def test_a_contact_on_a_related_persons_number_records_the_person(office) -> None:  # type: ignore[no-untyped-def]
    verdict, saved = _contact(office, "log", party="relative", phone_number="13900000002")
    assert saved is not None, verdict
    with office.sessions() as s:
        attempt = s.get(ContactAttempt, saved)
        assert attempt is not None
        assert attempt.related_person_id == _person(office, "parent")
        assert attempt.phone_number == PEOPLE["parent"][2]
        assert attempt.party.value == "relative"


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (  # a spouse is a relative, whatever party the number is typed under
            {"party": "other", "phone_number": PEOPLE["spouse"][2]},
            "彭雪 is recorded as Spouse: the party of this contact is relative, not other person",
        ),
        (
            {"party": "borrower", "phone_number": PEOPLE["spouse"][2]},
            r"is not the borrower's: it is the number on file of 彭雪 \(Spouse\)",
        ),
        (
            {"party": "relative", "person": "parent", "phone_number": PEOPLE["spouse"][2]},
            r"is the number on file of 彭雪 \(Spouse\), not of 赵六",
        ),
    ],
)
def test_a_related_persons_number_under_the_wrong_party_or_person_is_refused(
    office, route, fields, message
) -> None:  # type: ignore[no-untyped-def]
    fields = dict(fields)
    if "person" in fields:
        fields["related_person_id"] = _person(office, fields.pop("person"))
    with pytest.raises(ValidationError, match=message):
        _contact(office, route, **fields)
    assert _counts(office) == (0, 0)


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_number_is_an_unnamed_third_party_as_before(office, route) -> None:  # type: ignore[no-untyped-def]
    verdict, _saved = _contact(office, route, party="other", phone_number="13700000009")
    rules = _rules(verdict)
    assert "stop_contact_refused" not in rules and "related_person_do_not_contact" not in rules
    assert "third_party_disclosure" in rules
