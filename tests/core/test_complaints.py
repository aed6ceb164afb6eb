"""Complaints: deadlines, numbering, the contact pause and its lifting, the deadline list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.audit_seal import is_sealed, open_changes
from app.auth import add_user
from app.cases.payments import find_loan
from app.cases.rebuild import rebuild_queue
from app.complaint_list import complaints_list
from app.complaints import (
    add_note,
    assign_complaint,
    lift_pause,
    record_complaint,
    resolve_complaint,
)
from app.errors import NotFound, PermissionDenied, ValidationError
from app.loans.service import book_loan
from app.models import (
    AuditEntry,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    LoanProduct,
    Segment,
    Sequence,
    User,
)
from app.office import create_office
from app.privacy import hash_key, id_hash
from tests.office_day import office_today


def _today() -> dt.date:
    """Read when used, not at import, so a run that crosses midnight agrees with the code."""
    return office_today()


@pytest.fixture
def office(db):
    return build_office(db)


def build_office(db):
    """Admin, supervisor, agent01 and agent02; loans L1 and L2 with their cases, L1's assigned
    to agent01 and L2's to nobody."""
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        agent = add_user(s, admin, "agent01", "agent", "pw-agent")
        add_user(s, admin, "agent02", "agent", "pw-agent")
        product = s.scalar(select(LoanProduct).where(LoanProduct.code == "SUL"))
        for n, nid in enumerate(["11010519491231002X", "440524188001010014"], start=1):
            b = Borrower(
                borrower_no=f"B{n}",
                name=f"借款人{n}",
                national_id=nid,
                national_id_hash=id_hash(hash_key(s), nid),
                segment=Segment.YOUNG,
            )
            s.add(b)
            book_loan(
                s,
                admin,
                loan_no=f"L{n}",
                borrower=b,
                product=product,
                principal=1_200_000,
                term_months=12,
                disbursed_on=dt.date(2026, 1, 10),
                annual_rate_bp=0,
            )
        rebuild_queue(s, None, _today())
        for case in s.scalars(select(Case)):
            case.assigned_agent_id = agent.id if case.case_no.endswith("1") else None
    return db


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


def _case(s, loan_no: str) -> Case:
    case = s.scalar(select(Case).where(Case.loan_id == find_loan(s, loan_no).id))
    s.refresh(case)
    return case


def _record(s, case_no: str | None = None, by: str = "supervisor", **fields) -> Complaint:
    """Recorded by the supervisor, who may record on any case (an agent: only on their own)."""
    values = {
        "agent_username": "agent01",
        "received_on": _today(),
        "source": "borrower",
        "channel": "phone",
        "category": ComplaintCategory.HARASSMENT,
        "description": "投诉催收电话过于频繁",
    }
    values.update(fields)
    return record_complaint(s, _user(s, by), case_no=case_no, **values)


def test_deadline_is_fifteen_days_or_thirty_when_complex(office):
    received = _today() - dt.timedelta(days=3)
    with office.session() as s:
        simple = _record(s, received_on=received)
        hard = _record(s, received_on=received, complex=True, category="threats")
        ruled = _record(s, received_on=received, answer_days=10)
        assert simple.deadline_on == received + dt.timedelta(days=15)
        assert hard.deadline_on == received + dt.timedelta(days=30)
        assert ruled.deadline_on == received + dt.timedelta(days=10)
        assert hard.category is ComplaintCategory.THREATS
        assert [c.complaint_no for c in (simple, hard, ruled)] == [
            f"CP{received.year}-00000{n}" for n in (1, 2, 3)
        ]
        assert simple.status is ComplaintStatus.OPEN and not simple.pauses_contact  # no case
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.record"))
        assert entry.entity_id == simple.complaint_no


def test_an_open_complaint_pauses_the_case_until_lifted_or_resolved(office):
    with office.session() as s:
        c1, c2 = _case(s, "L1"), _case(s, "L2")
        assert c1.status is CaseStatus.NEW and c1.score > 0
        first = _record(s, c1.case_no)
        second = _record(s, c2.case_no, agent_username=None, source="regulator")
        for case, complaint in ((c1, first), (c2, second)):
            s.refresh(case)
            assert (case.status, case.paused, case.score) == (CaseStatus.PAUSED, True, 0)
            assert case.score_breakdown["paused"] < 0
            assert case.next_action_on == complaint.deadline_on

        with pytest.raises(PermissionDenied):
            lift_pause(s, _user(s, "agent01"), first.complaint_no, "talked to the borrower")
        with pytest.raises(ValidationError):
            lift_pause(s, _user(s, "supervisor"), first.complaint_no, "  ")
        with pytest.raises(ValidationError, match="at least 10 characters"):  # as an override
            lift_pause(s, _user(s, "supervisor"), first.complaint_no, "同意回电")
        assert first.pause_lifted_by_id is None
        lift_pause(s, _user(s, "supervisor"), first.complaint_no, "borrower agreed to calls")
        s.refresh(c1)
        assert (c1.status, c1.paused) == (CaseStatus.NEW, False) and c1.score > 0
        assert first.status is ComplaintStatus.OPEN  # still being handled
        assert first.pause_lifted_by_id == _user(s, "supervisor").id
        assert "borrower agreed to calls" in first.investigation_notes
        with pytest.raises(ValidationError):  # nothing left to lift
            lift_pause(s, _user(s, "supervisor"), first.complaint_no, "again")
        lifted = s.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.lift_pause"))
        assert is_sealed(lifted.changes["reason"])  # with the borrower's key
        assert open_changes(s, lifted.changes) == {"reason": "borrower agreed to calls"}

        with pytest.raises(PermissionDenied):
            resolve_complaint(s, _user(s, "agent01"), second.complaint_no, "apologised", True)
        with pytest.raises(ValidationError):
            resolve_complaint(s, _user(s, "supervisor"), second.complaint_no, "", True)
        resolve_complaint(s, _user(s, "supervisor"), second.complaint_no, "经核查不属实", False)
        s.refresh(c2)
        assert (c2.status, c2.paused) == (CaseStatus.NEW, False) and c2.score > 0
        assert (second.status, second.closed_on) == (ComplaintStatus.REJECTED, _today())
        assert second.pause_lifted_at is not None
        with pytest.raises(ValidationError):  # closed complaints stay closed
            resolve_complaint(s, _user(s, "supervisor"), second.complaint_no, "again", True)


def test_investigation_assignment_and_notes(office):
    with office.session() as s:
        complaint = _record(s, _case(s, "L1").case_no)
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        with pytest.raises(PermissionDenied):
            assign_complaint(s, agent, complaint.complaint_no, "supervisor")
        with pytest.raises(ValidationError):  # the agent complained about
            assign_complaint(s, sup, complaint.complaint_no, "agent01")
        with pytest.raises(NotFound):
            assign_complaint(s, sup, complaint.complaint_no, "nobody")
        with pytest.raises(ValidationError):  # agent02 may not see agent01's case
            assign_complaint(s, sup, complaint.complaint_no, "agent02")
        assign_complaint(s, sup, complaint.complaint_no, "admin")
        assert complaint.status is ComplaintStatus.INVESTIGATING
        # The list names who investigates (the Complaints page's column, its export).
        (row,) = [r for r in complaints_list(s, sup) if r.complaint_no == complaint.complaint_no]
        assert row.investigator == _user(s, "admin").display_name
        add_note(s, sup, complaint.complaint_no, "已调取通话记录核查")
        lines = complaint.investigation_notes.splitlines()
        assert len(lines) == 2 and "investigator: admin" in lines[0]
        assert lines[1].endswith("supervisor: 已调取通话记录核查") and "UTC]" in lines[1]
        with pytest.raises(ValidationError):
            add_note(s, sup, complaint.complaint_no, "   ")
        assert _case(s, "L1").status is CaseStatus.PAUSED  # investigating still pauses
        resolve_complaint(s, sup, complaint.complaint_no, "已向投诉人说明并致歉", True)
        assert complaint.status is ComplaintStatus.RESOLVED
        assert _case(s, "L1").status is CaseStatus.NEW
        with pytest.raises(ValidationError):
            add_note(s, sup, complaint.complaint_no, "too late")


def test_bad_complaints_are_refused_and_nothing_is_saved(office):
    with office.session() as s:
        case_no = _case(s, "L1").case_no
    tomorrow = _today() + dt.timedelta(days=1)
    for exc, case, fields in [
        (ValidationError, case_no, {"received_on": tomorrow}),
        (ValidationError, case_no, {"description": "   "}),
        (NotFound, "C2026-999999", {}),
        (NotFound, case_no, {"agent_username": "ghost"}),
        (ValidationError, case_no, {"category": "rudeness"}),
        (ValidationError, case_no, {"source": "neighbour"}),
        (ValidationError, case_no, {"channel": "pigeon"}),
        (ValidationError, None, {"agent_username": None}),  # about nothing
        # Received before its loan was lent: a typo's year (found by QA).
        (ValidationError, case_no, {"received_on": _today() - dt.timedelta(days=3650)}),
    ]:
        with pytest.raises(exc), office.session() as s:
            _record(s, case, **fields)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0
        assert s.get(Sequence, "complaint_no") is None  # no number was used up
        assert _case(s, "L1").status is CaseStatus.NEW
        first = _record(s, case_no)
        assert first.complaint_no.endswith("-000001")


def test_numbering_continues_after_the_demo_complaints(demo_db):
    with demo_db.session() as s:
        numbers = list(s.scalars(select(Complaint.complaint_no)))
        assert numbers, "the demo office has complaints"
        highest = max(int(no.split("-")[1]) for no in numbers)
        admin = s.scalar(select(User).where(User.username == "admin"))
        made = [
            record_complaint(
                s,
                admin,
                case_no=None,
                agent_username="agent01",
                received_on=_today(),
                source="relative",
                channel="letter",
                category="privacy",
                description="称催收人员联系了其同事",
            ).complaint_no
            for _ in range(2)
        ]
        assert made == [f"CP{_today().year}-{n:06d}" for n in (highest + 1, highest + 2)]
        all_numbers = list(s.scalars(select(Complaint.complaint_no)))
        assert len(all_numbers) == len(set(all_numbers)) == len(numbers) + 2


def test_list_is_ordered_by_deadline_with_days_left(office):
    as_of = _today()
    with office.session() as s:
        c1, c2 = _case(s, "L1").case_no, _case(s, "L2").case_no
        late = _record(s, c2, received_on=as_of - dt.timedelta(days=20), agent_username=None)
        soon = _record(s, c1, received_on=as_of - dt.timedelta(days=10))
        later = _record(s, None, received_on=as_of - dt.timedelta(days=5), complex=True)
        done = _record(s, c1, received_on=as_of - dt.timedelta(days=30))
        resolve_complaint(s, _user(s, "supervisor"), done.complaint_no, "已调整联系频率", True)
        rows = complaints_list(s, _user(s, "supervisor"), as_of=as_of)
        assert [r.complaint_no for r in rows] == [
            late.complaint_no,
            soon.complaint_no,
            later.complaint_no,
        ]
        assert [r.days_left for r in rows] == [-5, 5, 25]
        assert [r.case_no for r in rows] == [c2, c1, None]
        assert [r.agent for r in rows] == [None, "agent01", "agent01"]
        assert [r.pausing for r in rows] == [True, True, False]
        assert rows[0].category is ComplaintCategory.HARASSMENT
        assert rows[0].status is ComplaintStatus.OPEN
        everything = complaints_list(s, _user(s, "supervisor"), open_only=False, as_of=as_of)
        assert everything[0].complaint_no == done.complaint_no
        assert everything[0].days_left is None and everything[0].status is ComplaintStatus.RESOLVED
        # An agent sees complaints on their own cases or about themselves, never the others.
        mine = complaints_list(s, _user(s, "agent01"), as_of=as_of)
        assert [r.complaint_no for r in mine] == [soon.complaint_no, later.complaint_no]
        assert complaints_list(s, _user(s, "agent02"), as_of=as_of) == []


def test_every_promise_and_complaint_message_has_a_chinese_translation():
    import ast
    import string
    from pathlib import Path

    from app.i18n import _catalog, tr

    calls = {"ValidationError", "NotFound", "PermissionDenied"}
    ids = set()
    for name in (
        "promises.py",
        "complaints.py",
        "complaint_access.py",
        "complaint_detail.py",
    ):
        tree = ast.parse((Path(__file__).parents[2] / "app" / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in calls:
                ids.add(node.args[0].value)
    catalog = _catalog("zh_CN")
    assert len(ids) > 15 and sorted(i for i in ids if i not in catalog) == []

    def fields(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert all(fields(catalog[i]) == fields(i) for i in ids)
    assert tr("Unknown complaint {number}.", lang="zh_CN", number="CP1") == "未知投诉编号 CP1。"


def test_answer_periods_come_from_the_rule_set(office):
    from app.compliance import change_parameters

    received = _today() - dt.timedelta(days=1)
    with office.session() as s:
        change_parameters(
            s,
            _user(s, "admin"),
            "complaint_deadlines",
            {"answer_days": 10, "complex_answer_days": 20},
        )
        assert _record(s, received_on=received).deadline_on == received + dt.timedelta(days=10)
        assert _record(s, received_on=received, complex=True).deadline_on == (
            received + dt.timedelta(days=20)
        )


def test_a_complaint_received_before_its_loan_was_lent_is_refused_naming_the_day(office):
    """QA: 2020-01-01 (a typo for 2026) was taken. The bound is the loan's disbursement, not the
    case's opening: a book imported today opens its cases today, and last week's complaint about
    its collection is still entered."""
    with office.session() as s:
        case = _case(s, "L1")
        case_no, opened = case.case_no, case.opened_on
        loan_no, lent = case.loan.loan_no, case.loan.disbursed_on
    with pytest.raises(ValidationError) as refused, office.session() as s:
        _record(s, case_no, received_on=lent - dt.timedelta(days=1))
    assert refused.value.translated("en") == (
        f"A complaint about case {case_no} cannot be received before its loan {loan_no} was "
        f"disbursed on {lent.isoformat()}."
    )
    assert f"（{lent.isoformat()}）" in refused.value.translated("zh_CN")
    with office.session() as s:  # before the case opened, after the loan was lent: taken
        assert _record(s, case_no, received_on=max(lent, opened - dt.timedelta(days=1))).case_id


def test_a_complaint_may_name_an_agent_who_has_left(office):
    """Regulators forward complaints weeks later (found by QA: "Unknown user agent01" once the
    account was deactivated); the investigator must still be an active account."""
    from app.accounts import deactivate_user
    from app.complaints import assign_complaint, former_agents

    with office.session() as s:
        case_no = _case(s, "L1").case_no
        deactivate_user(s, _user(s, "admin"), "agent01")
    with office.session() as s:
        assert [u.username for u in former_agents(s)] == ["agent01"]
        complaint = _record(s, case_no, agent_username="agent01")
        assert complaint.agent_id == _user(s, "agent01").id
        number = complaint.complaint_no
    with pytest.raises(NotFound), office.session() as s:
        _record(s, case_no, agent_username="ghost")
    with pytest.raises(NotFound), office.session() as s:
        assign_complaint(s, _user(s, "supervisor"), number, "agent01")


def test_an_agent_cannot_investigate_a_complaint_about_no_case_and_is_told_why(office):
    """QA: the refusal said the agent "may not see the case" of a complaint that has none."""
    from app.complaints import assign_complaint

    with office.session() as s:
        number = _record(s, None, agent_username="agent01").complaint_no
    with pytest.raises(ValidationError) as refused, office.session() as s:
        assign_complaint(s, _user(s, "supervisor"), number, "agent02")
    assert refused.value.translated("en") == (
        f"Complaint {number} concerns no case, so only a supervisor or an admin can investigate "
        "it; agent02 cannot."
    )
