"""A small demo office shows what a supervisor trying the product looks for: a case in Agreement
breached (a signed plan that fell due unpaid, nothing done since), its agents' contact work in
the audit trail as `log_contact` writes it, agreements waiting for approval and for signature,
complaints under investigation, rejected and overdue, an agent's training about to expire, a
promise kept in part, visits verified, missed and late without check-out, a visit booking a
supervisor overrode, a recent visit's outcome to draft an agreement from, and closed cases past
their records retention."""

from __future__ import annotations

import datetime as dt
import shutil
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreements.from_visit import draft_refusal, visit_statement
from app.audit import verify_chain
from app.demo import build_demo
from app.demo.contact_trail import TRAIL_DAYS
from app.models import (
    Agreement,
    AgreementStatus,
    AuditEntry,
    Case,
    CaseStatus,
    Channel,
    Complaint,
    ComplaintStatus,
    ContactAttempt,
    FlaggedBooking,
    Promise,
    PromiseStatus,
    User,
    VerdictKind,
    Visit,
    VisitStatus,
)
from app.queries.dashboard import dashboard as office_dashboard
from app.retention import past_retention
from app.roles import Role
from app.training import office_training
from app.training.status import in_filter
from app.visits.alerts import late_visits
from db.store import Database, open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 3, 15)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module", params=[(300, 7), (200, 3)], ids=["300-seed7", "200-seed3"])
def small_demo(
    request: pytest.FixtureRequest, template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    loans, seed = request.param
    path = tmp_path_factory.mktemp("every-state") / "demo.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, TEST_KEY)
    build_demo(database, loans=loans, seed=seed, as_of=AS_OF)
    yield database
    database.close()


def test_a_case_shows_its_breached_agreement(small_demo: Database) -> None:
    with small_demo.session() as s:
        rows = s.execute(
            select(Case.case_no, Agreement.agreement_no, Agreement.status)
            .join(Agreement, Agreement.case_id == Case.id)
            .where(Case.status == CaseStatus.AGREEMENT_BREACHED)
        ).all()
        assert rows and AgreementStatus.BREACHED in {status for *_, status in rows}
        numbers = {number for _, number, status in rows if status is AgreementStatus.BREACHED}
        made = {  # drafted, approved, signed and judged breached, each in the trail
            (e.action, e.entity_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "agreement"))
        }
        for number in numbers:
            for action in ("draft", "approve", "sign", "breached"):
                assert (f"agreement.{action}", number) in made


def test_the_contacts_are_in_the_audit_trail(small_demo: Database) -> None:
    """The trail's days' calls, SMS and letters and every flagged one, each by its agent."""
    since = dt.datetime.combine(AS_OF - dt.timedelta(days=TRAIL_DAYS - 2), dt.time(), dt.UTC)
    with small_demo.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "contact.log")).all()
        logged = {(e.entity_id, e.user_id, e.at) for e in entries}
        c = ContactAttempt
        wanted = s.execute(
            select(Case.case_no, c.agent_id, c.at, c.verdict)
            .join(Case, Case.id == c.case_id)
            .where(c.channel != Channel.VISIT)
            .where((c.at >= since) | (c.verdict != VerdictKind.ALLOWED))
        ).all()
        assert wanted and len(entries) >= len(wanted)
        assert all((case_no, agent, at) in logged for case_no, agent, at, _ in wanted)
        overridden = {e.changes["override_by"] for e in entries if e.changes}
        supervisors = set(s.scalars(select(User.username).where(User.role == "supervisor")))
        if any(v is VerdictKind.NEEDS_OVERRIDE for *_, v in wanted):
            assert overridden & supervisors
        assert verify_chain(s).intact


def test_agreements_wait_for_approval_and_for_signature(small_demo: Database) -> None:
    """A draft and an approved plan, each with its trail entries, none after the as-of day."""
    end = dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time(), SHANGHAI)
    with small_demo.session() as s:
        statuses = dict(s.execute(select(Agreement.agreement_no, Agreement.status)).all())
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "agreement")).all()
        made = {(e.action, e.entity_id) for e in entries}
        for status, actions in (
            (AgreementStatus.DRAFT, ("draft",)),
            (AgreementStatus.APPROVED, ("draft", "approve")),
        ):
            numbers = [n for n, st in statuses.items() if st is status]
            assert numbers
            assert any(all((f"agreement.{a}", n) in made for a in actions) for n in numbers)
        assert all(_aware(e.at) < end for e in entries)


def test_complaints_under_investigation_and_rejected(small_demo: Database) -> None:
    with small_demo.session() as s:
        rows = s.execute(
            select(Complaint.complaint_no, Complaint.status, Complaint.closed_on)
        ).all()
        statuses = {status for _, status, _ in rows}
        assert {ComplaintStatus.INVESTIGATING, ComplaintStatus.REJECTED} <= statuses
        assert all(closed is None or closed <= AS_OF for *_, closed in rows)
        made = {
            (e.action, e.entity_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "complaint"))
        }
        for number, status, _ in rows:  # each recorded and assigned in the trail
            if status is not ComplaintStatus.OPEN:
                assert ("complaint.record", number) in made
                assert ("complaint.assign", number) in made
        assert verify_chain(s).intact


def test_an_agents_training_expires_within_30_days(small_demo: Database) -> None:
    with small_demo.session() as s:
        dashboard = office_dashboard(s, _supervisor(s), as_of=AS_OF)
        assert dashboard.training_expiring > 0 and dashboard.training_lapsed > 0
        expiring = [a for a in office_training(s, AS_OF) if in_filter(a, "expiring")]
        assert any(
            AS_OF <= c.expires_on <= AS_OF + dt.timedelta(days=30)
            for a in expiring
            for c in a.expiring
            if c.expires_on is not None
        )


def _supervisor(s: Session) -> User:
    user = s.scalar(select(User).where(User.username == "supervisor"))
    assert user is not None
    return user


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def test_a_promise_was_kept_in_part(small_demo: Database) -> None:
    """Judged partial from the loan's payments, made in a logged call."""
    with small_demo.session() as s:
        rows = s.execute(
            select(Promise.amount, Promise.paid_amount, Promise.contact_attempt_id).where(
                Promise.status == PromiseStatus.PARTIAL
            )
        ).all()
        assert rows
        assert all(0 < paid < amount and call is not None for amount, paid, call in rows)


def test_visits_verified_no_show_and_late_without_check_out(small_demo: Database) -> None:
    with small_demo.session() as s:
        statuses = set(s.scalars(select(Visit.status)))
        assert {VisitStatus.VERIFIED, VisitStatus.NO_SHOW} <= statuses
        end_of_day = dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time(), SHANGHAI)
        late = late_visits(s, end_of_day)
        assert late and all(v.checked_in_at is not None for v in late)
        dashboard = office_dashboard(s, _supervisor(s), as_of=AS_OF, now=end_of_day)
        assert dashboard.visits_late_checkout > 0  # the tile and the alert count them
        made = {e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "visit"))}
        assert {"visit.verify", "visit.book", "visit.check_in", "visit.no_show"} <= made


def test_a_visit_booking_was_overridden(small_demo: Database) -> None:
    with small_demo.session() as s:
        rows = s.execute(
            select(FlaggedBooking.override_reason, User.role)
            .join(User, User.id == FlaggedBooking.override_by_id)
            .where(
                FlaggedBooking.action == "visit_book",
                FlaggedBooking.verdict == VerdictKind.NEEDS_OVERRIDE.value,
            )
        ).all()
        assert rows and all(reason and role == Role.SUPERVISOR for reason, role in rows)


def test_a_recent_visits_outcome_waits_for_an_agreement(small_demo: Database) -> None:
    """The Visits page drafts only from a visit of the last RECENT_VISIT_DAYS days: the demo holds
    one, on an open case with no agreement (on some build days the drawn ones were all older)."""
    with small_demo.session() as s:
        supervisor = _supervisor(s)
        drafted = select(Agreement.case_id)
        visits = s.scalars(
            select(Visit.visit_no)
            .join(Case, Case.id == Visit.case_id)
            .where(
                Visit.status == VisitStatus.COMPLETED,
                Case.status != CaseStatus.CLOSED,
                Visit.case_id.not_in(drafted),
            )
        ).all()
        starts = [v for v in visits if draft_refusal(s, supervisor, v, today=AS_OF) is None]
        assert starts, visits
        said = visit_statement(s, supervisor, starts[0], "en", today=AS_OF)
        assert said.reason and said.capacity


def test_closed_cases_past_their_records_retention(small_demo: Database) -> None:
    with small_demo.session() as s:
        past = past_retention(s, AS_OF)
        assert past.count > 0
        for kept in past.cases:  # each case's number carries the year it opened
            opened = s.scalar(select(Case.opened_on).where(Case.id == kept.case_id))
            assert opened is not None and kept.case_no.startswith(f"C{opened.year}-")
        assert verify_chain(s).intact


def test_agreements_added_for_the_states_are_numbered_in_drafting_order(
    small_demo: Database,
) -> None:
    """The approved plan and the waiting draft added after the bulk come after its last draft,
    so the office sequence still numbers agreements in the order they were drafted."""
    with small_demo.session() as s:
        numbers = s.scalars(
            select(Agreement.agreement_no).order_by(Agreement.created_at, Agreement.id)
        ).all()
    serials = [int(number[-6:]) for number in numbers]
    assert serials == list(range(1, len(numbers) + 1)), numbers
