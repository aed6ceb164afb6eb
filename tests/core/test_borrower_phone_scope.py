"""Who records a borrower's numbers, and a number on file for someone else (QA finding: an agent
added, and made primary, a number on another agent's borrower, and another borrower's number):
an agent only for the borrowers of the cases assigned to them, as `case note` and `payment post`;
a number on file for another borrower, or for a person related to another borrower, refused to
an agent without saying whose it is, and to a supervisor until they record why the borrower
shares it (audited). Real database files (the `db` fixture with the office of test_edges_qa and
a second borrower, B2, of agent02's)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.audit_seal import open_changes
from app.auth import add_user
from app.borrower_phones import add_phone
from app.errors import PermissionDenied, ValidationError
from app.loans.service import book_loan
from app.models import (
    AuditEntry,
    Borrower,
    Case,
    LoanProduct,
    Phone,
    RelatedPerson,
    Relationship,
    Segment,
)
from app.phone_shared import SharedNumber, shared_numbers
from app.privacy import hash_key, id_hash
from tests.compliance.test_edges_qa import PHONE, REL_PHONE, _user, build, office_today

OTHER = "+8613700137000"  # B2's own number
OTHER_REL = "+8613600136000"  # B2's relative's
REASON = "借款人说明这是与丈夫共用的家庭号码"


def _second_borrower(db) -> None:  # type: ignore[no-untyped-def]
    """B2 (王五, with a relative 赵六), case C2 assigned to agent02."""
    today = office_today()
    with db.session() as s:
        admin = _user(s, "admin")
        agent02 = add_user(s, admin, "agent02", "agent", "pw-agent2")
        nid = "110105198001010018"
        borrower = Borrower(
            borrower_no="B2",
            name="王五",
            national_id=nid,
            national_id_hash=id_hash(hash_key(s), nid),
            segment=Segment.YOUNG,
            phones=[Phone(number=OTHER, is_primary=True)],
            related_persons=[
                RelatedPerson(name="赵六", relation=Relationship.RELATIVE, phone=OTHER_REL)
            ],
        )
        s.add(borrower)
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        loan = book_loan(
            s, admin, loan_no="L2", borrower=borrower, product=product, principal=600_000,
            term_months=6, disbursed_on=today - dt.timedelta(days=90), annual_rate_bp=0,
        )  # fmt: skip
        s.add(
            Case(
                case_no="C2",
                loan_id=loan.id,
                opened_on=today - dt.timedelta(days=20),
                assigned_agent_id=agent02.id,
            )
        )


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    build(db)
    _second_borrower(db)
    return db


def _add(db, who: str, borrower: str, number: str, **kw) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return add_phone(s, _user(s, who), borrower, number, **kw).number


def _numbers(db, borrower: str) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        rows = s.execute(
            select(Phone.number, Phone.is_primary)
            .join(Borrower)
            .where(Borrower.borrower_no == borrower)
            .order_by(Phone.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _adds(db) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.add")))


def test_an_agent_records_numbers_only_for_the_borrowers_of_their_cases(office) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _add(office, "agent01", "B2", "139 0000 1234", primary=True)
    assert str(refused.value) == (
        "agent01 may record numbers only for the borrowers of the cases assigned to them; B2 is "
        "not one. Ask the agent working the case, or a supervisor."
    )
    assert refused.value.translated("zh_CN") == (
        "agent01 只能为分配给自己的案件的借款人登记号码；B2 不是。请找负责该案件的催收员或主管。"
    )
    assert _numbers(office, "B2") == [(OTHER, True)] and _adds(office) == []
    # agent02 holds C2; a supervisor and the admin see every case.
    assert _add(office, "agent02", "B2", "139 0000 1234") == "+8613900001234"
    assert _add(office, "sup", "B2", "139 0000 1235") == "+8613900001235"
    assert _add(office, "admin", "B1", "139 0000 1236") == "+8613900001236"
    assert len(_adds(office)) == 3


def test_a_closed_case_still_makes_the_borrower_the_agents(office) -> None:
    """As a note on a closed case is: what the borrower says after it closed is still told to
    the agent who worked it."""
    from app.models import CaseStatus

    with office.session() as s:
        s.scalar(select(Case).where(Case.case_no == "C1")).status = CaseStatus.CLOSED
    assert _add(office, "agent01", "B1", "139 0000 1234") == "+8613900001234"


@pytest.mark.parametrize("number", [OTHER, "137 0013 7000", OTHER_REL])
def test_an_agent_is_not_told_whose_number_it_is(office, number) -> None:
    with pytest.raises(SharedNumber) as refused:
        _add(office, "agent01", "B1", number, primary=True, shared_reason=REASON)
    said = {str(refused.value), refused.value.translated("zh_CN")}
    assert str(refused.value) == (
        "This number is on file for another borrower or a person related to one; check it with "
        "the borrower. If they share it, a supervisor can record it."
    )
    assert refused.value.translated("zh_CN").startswith("该号码已登记为另一借款人或其关联人的号码")
    assert not refused.value.may_confirm
    assert not any(name in text for text in said for name in ("B2", "王五", "赵六", "0137", "7000"))
    assert _numbers(office, "B1") == [(PHONE, True)] and _adds(office) == []


def test_a_supervisor_is_told_whose_and_records_it_only_for_a_reason(office) -> None:
    with pytest.raises(SharedNumber) as refused:
        _add(office, "sup", "B1", OTHER, primary=True)
    assert refused.value.may_confirm
    assert str(refused.value) == (
        "+86 137****7000 is on file for borrower B2; check it with the borrower."
    )
    assert refused.value.translated("zh_CN") == (
        "+86 137****7000 已登记为借款人 B2 的号码；请与借款人核实。"
    )
    with pytest.raises(SharedNumber) as person:
        _add(office, "sup", "B1", OTHER_REL)
    assert str(person.value) == (
        "+86 136****6000 is on file for 赵六, a person related to borrower B2; check it with the "
        "borrower."
    )
    with pytest.raises(ValidationError, match="at least 10"):
        _add(office, "sup", "B1", OTHER, shared_reason="共用")
    assert _numbers(office, "B1") == [(PHONE, True)] and _adds(office) == []
    assert _add(office, "sup", "B1", OTHER, primary=True, shared_reason=REASON) == OTHER
    assert _numbers(office, "B1") == [(PHONE, False), (OTHER, True)]
    (entry,) = _adds(office)
    with office.sessions() as s:
        changes = open_changes(s, entry.changes)
    assert changes["shared_with"] == "B2" and changes["shared"] == REASON
    assert changes["phone"] == "+86 137****7000"


def test_a_number_of_noone_else_records_no_reason(office) -> None:
    """A reason given for a number nobody else holds is not kept: nothing was shared."""
    _add(office, "agent01", "B1", "139 0000 1234", shared_reason=REASON)
    (entry,) = _adds(office)
    assert "shared" not in entry.changes and "shared_with" not in entry.changes


def test_the_borrowers_own_related_persons_number_is_refused_as_before(office) -> None:
    with pytest.raises(ValidationError, match="李四's, a person related to the borrower"):
        _add(office, "sup", "B1", REL_PHONE, shared_reason=REASON)


def test_which_of_a_borrowers_numbers_someone_else_holds(office) -> None:
    with office.session() as s:
        b1 = s.scalar(select(Borrower).where(Borrower.borrower_no == "B1"))
        b2 = s.scalar(select(Borrower).where(Borrower.borrower_no == "B2"))
        assert shared_numbers(s, b1.id, [PHONE]) == set()
        assert shared_numbers(s, b2.id, [OTHER]) == set()
        s.add(Phone(borrower_id=b1.id, number=OTHER))  # as an import could file it
        s.flush()
        assert shared_numbers(s, b1.id, [PHONE, OTHER]) == {OTHER}
        assert shared_numbers(s, b2.id, [OTHER]) == {OTHER}
        assert shared_numbers(s, b1.id, [REL_PHONE, ""]) == {REL_PHONE}
