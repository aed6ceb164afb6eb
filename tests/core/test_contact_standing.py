"""`may_contact`, behind the case page's "May be contacted" column, says what the rule engine
decides of a contact with each related person: the contract's consent or the person's own (as
the jurisdiction's third-party rule takes it), never against their do-not-contact, a guarantor
not being a third party — and it agrees with `check_contact` person by person."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import select

from app.auth import add_user, authenticate
from app.cases.rebuild import rebuild_queue
from app.compliance.versions import select_jurisdiction
from app.contacts import PARTY_OF_RELATION, check_contact, log_contact
from app.contacts_standing import PERSON_RULES, may_contact
from app.loans.service import book_loan
from app.models import (
    Borrower,
    Case,
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
from tests.office_day import office_today
from tests.trained import train

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
A, W, N, B = (
    VerdictKind.ALLOWED,
    VerdictKind.WARNING,
    VerdictKind.NEEDS_OVERRIDE,
    VerdictKind.BLOCKED,
)
# (relation, phone, agreed to be contacted, asked not to be contacted)
PEOPLE = {
    "钱七": (Relationship.GUARANTOR, "+8613900000001", False, False),
    "赵六": (Relationship.PARENT, "+8613900000002", True, False),
    "王五": (Relationship.SIBLING, "+8613900000003", False, False),
    "孙八": (Relationship.FRIEND, "+8613900000004", True, True),
}


def _yesterday(hour: int) -> dt.datetime:
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), SHANGHAI)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    """A CN office, one case on a loan without the contract's third-party consent, PEOPLE."""
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
            phones=[Phone(number="+8613812345678", is_primary=True)],
            related_persons=[
                RelatedPerson(
                    name=name,
                    relation=relation,
                    phone=phone,
                    consent_to_contact=agreed,
                    do_not_contact=refused,
                )
                for name, (relation, phone, agreed, refused) in PEOPLE.items()
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


def _use(db, jurisdiction: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, jurisdiction)


def _contract_consents(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        loan = s.scalar(select(Loan))
        assert loan is not None
        loan.third_party_consent = True


def _standing(db, lang: str = "en") -> dict[str, tuple[VerdictKind, str]]:  # type: ignore[no-untyped-def]
    """Name -> (verdict, the column's words)."""
    with db.sessions() as s:
        case_id = s.scalar(select(Case.id))
        names = dict(s.execute(select(RelatedPerson.id, RelatedPerson.name)).all())
        return {
            names[pid]: (st.verdict, st.answer(lang)) for pid, st in may_contact(s, case_id).items()
        }


def _engine_says(db) -> dict[str, VerdictKind]:  # type: ignore[no-untyped-def]
    """Name -> the worst severity `contact check` gives a call to that person by the person
    rules (allowed when none of them speaks)."""
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    said: dict[str, VerdictKind] = {}
    with db.sessions() as s:
        case_no = str(s.scalar(select(Case.case_no)))
        for person in s.scalars(select(RelatedPerson)):
            verdict = check_contact(
                s,
                s.get(User, agent.id),
                case_no,
                channel="call",
                party=PARTY_OF_RELATION[person.relation].value,
                related_person_id=person.id,
                at=_yesterday(10),
                outcome=None,
            )
            severities = [f.severity for f in verdict.findings if f.rule in PERSON_RULES]
            said[person.name] = max(severities).verdict if severities else A
    return said


def _verdicts(standing: dict[str, tuple[VerdictKind, str]]) -> dict[str, VerdictKind]:
    return {name: verdict for name, (verdict, _words) in standing.items()}


def test_cn_without_the_contracts_consent(office) -> None:  # type: ignore[no-untyped-def]
    standing = _standing(office)
    assert standing == {
        "钱七": (A, "Yes"),  # a guarantor is a party to the debt, not a third party
        "赵六": (A, "Yes"),  # agreed to be contacted
        "王五": (B, "No — no consent"),
        "孙八": (B, "No — asked not to be contacted"),  # their own consent notwithstanding
    }
    assert _verdicts(standing) == _engine_says(office)
    chinese = _standing(office, "zh_CN")
    assert chinese["王五"][1] == "否——未获同意"
    assert chinese["孙八"][1] == "否——本人要求不再被联系"
    assert chinese["钱七"][1] == "是"


def test_the_contracts_consent_is_enough_without_the_persons(office) -> None:  # type: ignore[no-untyped-def]
    _contract_consents(office)
    standing = _standing(office)
    assert standing["王五"] == (A, "Yes")  # the column said "No": the person never agreed
    assert standing["孙八"] == (B, "No — asked not to be contacted")
    assert _verdicts(standing) == _engine_says(office)


def test_uk_warns_without_consent(office) -> None:  # type: ignore[no-untyped-def]
    _use(office, "uk")
    standing = _standing(office)
    assert standing["王五"] == (W, "Yes, with a warning: no consent")
    assert _standing(office, "zh_CN")["王五"][1] == "可以，但有警告：未获同意"
    assert _verdicts(standing) == _engine_says(office)


def test_us_contacts_a_third_party_once(office) -> None:  # type: ignore[no-untyped-def]
    _use(office, "us")
    standing = _standing(office)
    assert standing["王五"] == (A, "Yes")  # the US rule set ships the consent rule off
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with office.session(write_lock=True) as s:
        case_no = str(s.scalar(select(Case.case_no)))
        person = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == "王五"))
        result = log_contact(
            s,
            s.get(User, agent.id),
            case_no,
            channel="call",
            party="relative",
            related_person_id=person,
            at=_yesterday(10),
            outcome="connected",
        )
        assert result.saved
    standing = _standing(office)
    assert standing["王五"] == (B, "No — contacted as often as allowed")
    assert _verdicts(standing) == _engine_says(office)


def test_an_erased_borrowers_related_persons_may_not_be_contacted(demo_db) -> None:  # type: ignore[no-untyped-def]
    """The erasure keeps the related persons (a contact names them) without who they are; no
    contact with them can be logged any more, so the column says No and why, not "Yes"."""
    from app.erasure import erase_borrower
    from tests.core.test_erasure import _erasable, _user

    with demo_db.session() as s:
        borrower = _erasable(s)
        case_id = s.scalar(select(Case.id).join(Loan).where(Loan.borrower_id == borrower.id))
        people = {p.id for p in borrower.related_persons}
        erase_borrower(s, _user(s, "admin"), borrower.borrower_no)
    assert people  # the demo's erasable borrower has someone related to them
    with demo_db.sessions() as s:
        standing = may_contact(s, case_id)
    assert set(standing) == people
    assert all(st.verdict == B and not st.may_contact for st in standing.values())
    assert {st.answer() for st in standing.values()} == {"No — personal data erased"}
    assert {st.answer("zh_CN") for st in standing.values()} == {"否——个人信息已删除"}
