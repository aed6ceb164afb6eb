"""The demo builder: valid personal data, a consistent ledger, all tables filled, a plausible
history. (Its builds: test_demo_build.py; its history under the rules: test_demo_rules.py.)"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from stdnum.cn import ric

from app import complaints
from app.auth import authenticate
from app.demo import DemoSummary
from app.demo.complaint_rows import COMPLAINT_CHANNELS
from app.loans.schedule import build_schedule
from app.models import (
    Agreement,
    AgreementInstalment,
    AgreementKind,
    AgreementStatus,
    Base,
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ContactAttempt,
    Loan,
    LoanReinstatement,
    LoanStatus,
    Payment,
    PaymentAllocation,
    Phone,
    RelatedPerson,
    Role,
    Segment,
    User,
    Visit,
    VisitAgent,
)
from app.privacy import hash_key, id_hash, normalise_mobile
from db.store import Database
from tests.core.demo_office import AS_OF, LOANS, demo_office
from tests.core.test_payments import late_flags_wrong

# Every table holds some history but the erasures: the demo's borrowers all keep their data (an
# erasure is the admin's, of a borrower past the records retention; app/erasure.py).
# The demo erases nobody, and writes its history's audit entries as they stood before sealing
# (app/demo): no borrower has a key of their own.
# The demo gives its cases their holders as they were before the trail records it: no
# assignment made in the window or the CLI, so no batch to undo (app/cases/assign_undo.py).
EMPTY_TABLES: set[str] = {"borrower_erasure", "borrower_key", "assign_batch", "assign_batch_case"}
BUCKETS = {"M1": (1, 30), "M2": (31, 60), "M3": (61, 90), "M4+": (91, 180), "180+": (181, 10**6)}


@pytest.fixture(scope="module")
def demo(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, DemoSummary]]:
    """One 500-loan demo office shared by the read-only tests of this module."""
    yield from demo_office(template_db, tmp_path_factory)


def test_every_table_but_the_compliance_ones_is_filled(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.session() as s:
        for table in Base.metadata.sorted_tables:
            count = s.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
            assert summary.counts[table.name] == count
            if table.name in EMPTY_TABLES:
                assert count == 0, table.name
            else:
                assert count > 0, table.name
        assert (
            s.execute(
                text("SELECT count(*) FROM audit_entry WHERE action = 'demo.build'")
            ).scalar_one()
            == 1
        )
    assert summary.counts["loan"] == LOANS and summary.seconds > 0


def test_logins_work(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    for username in ("admin", "supervisor", "agent01", "agent06"):
        assert authenticate(database.sessions, username, "demo").username == username
    assert {(login.username, login.password) for login in summary.logins} >= {("agent01", "demo")}
    with database.session() as s:
        roles = [r for (r,) in s.execute(select(User.role))]
    assert roles.count(Role.AGENT) >= 6 and roles.count(Role.SUPERVISOR) == 1


def test_resident_ids_are_valid_and_match_the_borrower(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    ages = {Segment.YOUNG: (20, 35), Segment.MATURE: (40, 69), Segment.SMALL_BUSINESS: (28, 56)}
    with database.session() as s:
        key = hash_key(s)
        borrowers = s.scalars(select(Borrower)).all()
        for b in borrowers:
            assert ric.is_valid(b.national_id), b.national_id
            assert ric.get_birth_date(b.national_id) == b.birth_date
            assert b.gender == ("M" if int(b.national_id[16]) % 2 else "F")
            assert b.national_id_hash == id_hash(key, b.national_id)
            low, high = ages[b.segment]
            assert low <= (AS_OF - b.birth_date).days // 365.25 <= high
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", b.name), b.name
        assert len({b.national_id for b in borrowers}) > 0.99 * len(borrowers)
        zones = [b.timezone for b in borrowers]
        assert zones.count("Asia/Shanghai") > 0.9 * len(zones)
        assert set(zones) <= {"Asia/Shanghai", "Asia/Urumqi"}


def test_phones_are_valid_mobiles(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    with database.session() as s:
        numbers = list(s.scalars(select(Phone.number))) + list(
            s.scalars(select(RelatedPerson.phone))
        )
    assert numbers
    for number in numbers:
        assert normalise_mobile(number) == number


def test_ledger_is_consistent(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    with database.session() as s:
        alloc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        by_payment: dict[int, int] = defaultdict(int)
        for a in s.scalars(select(PaymentAllocation)):
            alloc[a.instalment_id][0] += a.fee
            alloc[a.instalment_id][1] += a.interest
            alloc[a.instalment_id][2] += a.principal
            by_payment[a.payment_id] += a.fee + a.interest + a.principal
        payments = s.scalars(select(Payment)).all()
        credit: dict[int, int] = defaultdict(int)
        for p in payments:
            assert p.paid_on <= AS_OF
            assert by_payment[p.id] == p.amount - p.credit_amount
            credit[p.loan_id] += p.credit_amount
        assert len({p.reference for p in payments}) == len(payments)
        assert any(p.credit_amount for p in payments)
        for loan in s.scalars(select(Loan)):
            plan = build_schedule(
                loan.principal,
                loan.annual_rate_bp,
                loan.term_months,
                loan.schedule_type,
                loan.first_due_on,
            )
            rows = loan.instalments
            assert [(i.due_on, i.principal_due, i.interest_due) for i in rows] == [
                (p.due_on, p.principal, p.interest) for p in plan
            ]
            assert sum(i.principal_due for i in rows) == loan.principal
            for i in rows:
                assert [i.fee_paid, i.interest_paid, i.principal_paid] == alloc.get(i.id, [0, 0, 0])
                assert (i.paid_off_on is not None) == (i.outstanding == 0)
            assert loan.credit_balance == credit[loan.id]
            if loan.status is LoanStatus.PAID:
                assert all(i.outstanding == 0 for i in rows) and loan.closed_on is not None
        statuses = set(s.scalars(select(Loan.status)))
        assert {LoanStatus.ACTIVE, LoanStatus.PAID} <= statuses
        # Each allocation says whether it was late, and the demo has both kinds.
        assert late_flags_wrong(s) == 0
        assert set(s.scalars(select(PaymentAllocation.late).distinct())) == {True, False}


def _overdue(s: Any) -> dict[int, tuple[int, int]]:
    """Loan id → (DPD, amount due before AS_OF and unpaid), straight from the instalments."""
    result: dict[int, tuple[int, int]] = {}
    for loan in s.scalars(
        select(Loan).where(Loan.status.in_([LoanStatus.ACTIVE, LoanStatus.LEGAL]))
    ):
        late = [i for i in loan.instalments if i.outstanding and i.due_on < AS_OF]
        if late:
            amount = sum(i.outstanding for i in loan.instalments if i.due_on < AS_OF)
            result[loan.id] = ((AS_OF - late[0].due_on).days, amount)
    return result


def test_overdue_loans_have_cases_in_every_bucket(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    with database.session() as s:
        overdue = _overdue(s)
        assert 0.15 <= len(overdue) / LOANS <= 0.35
        open_cases = {
            c.loan_id: c for c in s.scalars(select(Case).where(Case.status != CaseStatus.CLOSED))
        }
        assert set(open_cases) == set(overdue)
        reinstated = dict(
            s.execute(select(LoanReinstatement.loan_id, LoanReinstatement.reinstated_on)).all()
        )
        assert reinstated and set(reinstated) <= set(overdue)
        for loan_id, (dpd, amount) in overdue.items():
            case = open_cases[loan_id]
            low, high = BUCKETS[case.bucket]
            assert case.dpd == dpd and low <= dpd <= high
            assert case.amount_overdue == amount
            # Opened the day after the first unpaid due date; a loan written off and reinstated
            # since, the day it was reinstated.
            opened = reinstated.get(loan_id, AS_OF - dt.timedelta(days=dpd - 1))
            assert case.opened_on == opened
            assert re.fullmatch(r"C\d{4}-\d{6}", case.case_no)
        assert {c.bucket for c in open_cases.values()} == set(BUCKETS)
        assigned = sum(c.assigned_agent_id is not None for c in open_cases.values())
        assert 0.6 <= assigned / len(open_cases) <= 0.95
        reasons = set(s.scalars(select(Case.close_reason).where(Case.status == CaseStatus.CLOSED)))
        assert "cured" in {str(r) for r in reasons}


def test_history_is_plausible(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    shanghai = ZoneInfo("Asia/Shanghai")
    with database.session() as s:
        for at in s.scalars(select(ContactAttempt.at)):
            assert at.tzinfo is not None and 8 <= at.astimezone(shanghai).hour < 21
        verdicts = {str(v) for v in s.scalars(select(ContactAttempt.verdict))}
        assert {"allowed", "warning"} <= verdicts
        for visit in s.scalars(select(Visit)):
            agents = s.scalars(
                select(VisitAgent.agent_id).where(VisitAgent.visit_id == visit.id)
            ).all()
            assert len(set(agents)) == 2
        for agreement in s.scalars(select(Agreement)):
            plan = s.scalars(
                select(AgreementInstalment.amount).where(
                    AgreementInstalment.agreement_id == agreement.id
                )
            ).all()
            assert sum(plan) == agreement.settled_amount
            if agreement.kind is AgreementKind.SETTLEMENT:  # one payment, as the core insists
                assert len(plan) == 1, agreement.agreement_no
            assert agreement.debt_amount == agreement.settled_amount + agreement.waiver_amount
            assert re.fullmatch(r"AG-\d{4}-\d{6}", agreement.agreement_no)
        # A supervisor looks at a draft within days; an approved one waits a week at most.
        within = {AgreementStatus.DRAFT: 3, AgreementStatus.APPROVED: 7}
        waiting = s.execute(
            select(Agreement.status, Agreement.created_at).where(Agreement.status.in_(within))
        ).all()
        assert {status for status, _ in waiting} == set(within)
        for status, created in waiting:
            age = (AS_OF - created.astimezone(shanghai).date()).days
            assert 1 <= age <= within[status], (status, created)
        # Complaints hold only what the core accepts (the window labels exactly those).
        channels = set(s.scalars(select(Complaint.channel).distinct()))
        sources = set(s.scalars(select(Complaint.source).distinct()))
        assert channels and channels <= set(complaints.CHANNELS), channels
        assert sources and sources <= set(complaints.SOURCES), sources
    # The small office files a handful of complaints: the generator's choices, checked whole.
    assert set(COMPLAINT_CHANNELS) <= set(complaints.CHANNELS)


@pytest.mark.sqlite_only  # compares sqlite_master; the PG schema is Alembic's, untouched
def test_schema_is_the_migrated_one(demo: tuple[Database, DemoSummary], db: Database) -> None:
    """The build defers index creation; the finished file must have exactly the head schema."""
    schema = text(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "ORDER BY type, name"
    )
    database, _ = demo
    with database.session() as s, db.session() as fresh:
        assert s.execute(schema).all() == fresh.execute(schema).all()


def test_the_safety_contact_is_where_settings_edits_it(demo: tuple[Database, DemoSummary]) -> None:
    """The visit sheet's safety contact is the office's, which Settings › Office shows and edits
    (it was a setting no screen showed)."""
    from app.models import Office, Setting

    database, _ = demo
    with database.session() as s:
        assert s.scalar(select(Office.safety_contact)) == "主管 值班电话 400-800-0000"
        assert s.get(Setting, "office.safety_contact") is None


def test_agreements_are_numbered_as_drafted_and_cancellations_are_on_record(
    demo: tuple[Database, DemoSummary],
) -> None:
    """The office sequence numbers drafts in the order they were made, gap-free; a cancelled
    agreement has its audit entry, as `cancel` writes it: the day it ended (before its first
    payment fell due) and a supervisor's reason, and the chain still verifies."""
    from app.agreements.cancelling import cancel_reason
    from app.agreements.outcome import ended_on
    from app.audit import verify_chain

    database, _ = demo
    with database.session() as s:
        rows = s.execute(
            select(
                Agreement.id, Agreement.agreement_no, Agreement.created_at, Agreement.status
            ).order_by(Agreement.created_at, Agreement.id)
        ).all()
        serials = [int(number[-6:]) for _, number, _, _ in rows]
        assert serials == list(range(1, len(rows) + 1))
        for _, number, created, _ in rows:
            assert number[3:7] == str(created.astimezone(ZoneInfo("Asia/Shanghai")).year)
        cancelled = {aid: number for aid, number, _, status in rows if status.value == "cancelled"}
        assert cancelled
        ends = ended_on(s, cancelled)
        for aid, number in cancelled.items():
            agreement = s.get(Agreement, aid)
            start = agreement.signed_on or agreement.created_at.date()
            first_due = min(i.due_on for i in agreement.instalments)
            assert start < ends[aid] < min(first_due, AS_OF), number
            assert cancel_reason(s, number), number
        assert verify_chain(s).first_broken is None
